"""Labels inside sentences: "New sales order", "Tạo yêu cầu hỗ trợ", but "New SLA policy".

Entity, field and state labels are written capitalised, as they stand alone in headings and
menus. Inside a phrase their first letter is lower-cased, unless the label starts with an
abbreviation or a name written in capitals ("SLA …", "VIP"), seen from its second letter.
"""

from __future__ import annotations

from typing import Any


def in_sentence(label: Any) -> str:
    """``label`` as it reads inside a sentence (also the Jinja filter ``|in_sentence``)."""
    text = str(label)
    if len(text) < 2 or not text[0].isupper() or not text[1].islower():
        return text
    return text[0].lower() + text[1:]
