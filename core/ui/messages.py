"""People-facing wording of the short messages the service functions and WTForms raise.

``core.fieldvalues`` and ``core.listing`` speak plain English (the API returns it as is);
pages show the same messages in the viewer's language when they are known here.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from core.fieldvalues import DATE_RANGE
from core.listing import BLANK_FILTER

REQUIRED = _l("This field is required.")

KNOWN = {
    "required": _l("This field is required."),
    "unknown field": _l("This field does not exist."),
    "read-only field": _l("This field cannot be changed."),
    "must be text": _l("Must be text."),
    "not an e-mail address": _l("Not an e-mail address."),
    "must be true or false": _l("Must be yes or no."),
    "must be a whole number": _l("Must be a whole number."),
    "must be a number": _l("Must be a number."),
    "must be a date (YYYY-MM-DD)": _l("Must be a date."),
    "must be a date and time (ISO 8601)": _l("Must be a date and time."),
    "must include a time zone offset": _l("Must include a time zone."),
    "must be at least 1": _l("Must be at least 1."),
    "unknown filter": _l("This filter does not exist."),
    "invalid value": _l("Invalid value."),
    "at least one row is required": _l("Add at least one row."),
    "must not contain NUL characters": _l("Must not contain NUL characters."),
    "must be valid Unicode text": _l("Must be valid Unicode text."),
    DATE_RANGE: _l("Must be a date between 1900 and 9999."),
    "is out of the supported range": _l("Out of the supported range."),
    BLANK_FILTER: _l("Give a value, or leave this filter out."),
    # WTForms ships no Vietnamese catalog: its parsing messages are worded here
    "This field is required.": _l("This field is required."),
    "Not a valid integer value.": _l("Must be a whole number."),
    "Not a valid decimal value.": _l("Must be a number."),
    "Not a valid float value.": _l("Must be a number."),
    "Not a valid date value.": _l("Must be a date."),
    "Not a valid datetime value.": _l("Must be a date and time."),
    "Not a valid choice.": _l("Not one of the choices."),
    "Invalid email address.": _l("Not an e-mail address."),
}

PATTERNS = (
    (re.compile(r"^at most (\d+) characters$"), _l("At most %(n)s characters.")),
    (re.compile(r"^must be at least (\S+)$"), _l("Must be at least %(n)s.")),
    (re.compile(r"^must be at most (\S+)$"), _l("Must be at most %(n)s.")),
    (re.compile(r"^at most (\d+)$"), _l("At most %(n)s.")),
    (re.compile(r"^must be one of: (.*)$"), _l("Must be one of: %(n)s.")),
    (re.compile(r"^cannot sort by '?(.*?)'?$"), _l("Cannot sort by %(n)s.")),
)


def error_text(message: str) -> str:
    """``message`` in the viewer's language when it is one of the known ones, else as is."""
    text = str(message)
    if text in KNOWN:
        return str(KNOWN[text])
    for pattern, wording in PATTERNS:
        match = pattern.match(text)
        if match:
            return str(wording) % {"n": match.group(1)}
    return text


def translate_form_errors(form) -> None:
    """Reword the known messages on every input of a validated ``form``."""
    for field in form:
        if field.errors:
            field.errors = [error_text(message) for message in field.errors]
