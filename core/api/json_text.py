"""JSON written ahead of time, put into an answer as it is.

A list answer holds a hundred badges or more, and most are the same objects page after page
(a met SLA target's badge is made once per process). Each badge keeps its JSON text
(``Badge.api_text``); an answer puts those texts in place instead of encoding the same
dictionaries again (``dumps``).
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

from flask import current_app


class JSONText:
    """A value that is JSON text already (an array of badges): written out unchanged."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"JSONText({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSONText) and other.text == self.text

    __hash__ = None  # type: ignore[assignment]


def dumps(body: Any, **options: Any) -> str:
    """``body`` as JSON text (``json.dumps`` with ``options``; other values as the app's JSON
    provider writes them), each ``JSONText`` in it written as it is.

    Each ``JSONText`` is encoded first as a string holding a mark and its number, then the
    marks are replaced by the texts. The mark starts with a NUL (escaped ``\\u0000`` in the
    output) and a random word drawn for this answer, so no string of the data can pass
    for one."""
    held: list[str] = []
    word = secrets.token_hex(8)

    def hold(value: Any) -> Any:
        if isinstance(value, JSONText):
            held.append(value.text)
            return f"\x00{word}:{len(held) - 1}"
        return current_app.json.default(value)  # type: ignore[attr-defined]

    text = json.dumps(body, default=hold, **options)
    if not held:
        return text
    marks = re.compile(rf'"\\u0000{word}:(\d+)"')
    return marks.sub(lambda found: held[int(found.group(1))], text)
