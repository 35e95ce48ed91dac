"""Password rules (NIST SP 800-63B): long enough, not too long to hash, not easy to guess;
and checking a password in the same time whether the account exists or not.

``password_problem`` is the one check behind every place a password is chosen: the profile
page, the user administration pages and ``nhip users create``. It answers a message (lazily
translated) or None. Guessability is zxcvbn's score: known-common passwords, dictionary words,
keyboard patterns, repeats, dates and the person's own name or e-mail address score low.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 128
#: zxcvbn's score out of 4; 3 is "safely unguessable" (about 10^8 guesses and more)
MIN_SCORE = 3
#: zxcvbn scores at most 72 characters (its cost grows with the length): the start is scored
SCORED_PREFIX = 72


def password_problem(password: str, user_inputs: Iterable[str] = ()) -> Any:
    """Why ``password`` may not be used (a message), or None when it may.

    ``user_inputs``: the person's e-mail address, name and the like, which must not make up
    the password."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(num)d characters.", num=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(num)d characters.", num=MAX_LENGTH)
    inputs = _inputs(user_inputs)
    if zxcvbn(password[:SCORED_PREFIX], user_inputs=inputs)["score"] < MIN_SCORE:
        return _l(
            "This password is too easy to guess (a common password, a word, a pattern or your "
            "own name). Add a few uncommon words."
        )
    return None


def _inputs(values: Iterable[str]) -> list[str]:
    """The person's data as zxcvbn should know it: each value, its words (the e-mail address
    split at ``@`` and dots, the name at spaces), joined up, with and without accents."""
    out: set[str] = set()
    for value in values:
        if not value:
            continue
        for text in {str(value).strip().lower(), _plain(str(value).strip().lower())}:
            words = [w for w in re.split(r"[\s@._+-]+", text) if w]
            local = text.split("@", 1)[0]
            out.update([text, local, "".join(words), re.sub(r"[\s._+-]+", "", local), *words])
    return sorted(w for w in out if w)


def _plain(text: str) -> str:
    """``text`` without Vietnamese accents (``Nguyễn Văn Đức`` -> ``Nguyen Van Duc``)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_dummy_hash: str | None = None


def password_matches(user: Any, password: str) -> bool:
    """Whether ``password`` is ``user``'s; as slow for an unknown user or one without a password
    (a dummy hash is checked instead), so the answer time tells nothing about accounts."""
    global _dummy_hash
    if user is not None and user.password_hash:
        return user.check_password(password)
    if _dummy_hash is None:
        _dummy_hash = generate_password_hash(secrets.token_hex(16))
    check_password_hash(_dummy_hash, password)
    return False
