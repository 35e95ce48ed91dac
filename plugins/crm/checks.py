"""Format checks of the CRM's contact data: Vietnamese tax codes and phone numbers.

Pure functions (no Flask, no database), so the rules are easy to test and reuse.
"""

from __future__ import annotations

import re

#: Mã số thuế: 10 digits for an enterprise, 10 digits + "-" + 3 for a branch (13 digits)
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
#: digits and spaces, optionally led by "+"
PHONE = re.compile(r"^\+?[0-9 ]+$")
PHONE_DIGITS = (8, 15)
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def is_tax_code(text: str) -> bool:
    """Whether ``text`` has the shape of a Vietnamese tax code (``NNNNNNNNNN[-NNN]``)."""
    return bool(TAX_CODE.match(text))


def is_phone(text: str) -> bool:
    """Whether ``text`` looks like a phone number: digits and spaces, an optional leading
    ``+``, and 8 to 15 digits in all (``0901 234 567``, ``+84 28 3822 1234``)."""
    if not PHONE.match(text):
        return False
    digits = sum(ch.isdigit() for ch in text)
    return PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]


def tax_check_digit(first_nine: str) -> int:
    """The tenth digit of a tax code whose first nine digits are ``first_nine``, as the tax
    office computes it; 10 means no valid code starts with these nine digits."""
    total = sum(int(d) * w for d, w in zip(first_nine, TAX_WEIGHTS, strict=True))
    return 10 - total % 11
