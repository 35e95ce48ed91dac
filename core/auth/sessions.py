"""Sessions that can be ended: the login id kept in the session and remember cookies.

A login id is ``<user id>:<session key>:<signed-in at>:<nonce>`` (the cookies are signed with
the secret key). It is checked on every request:

- the user's ``session_key`` changes when they sign out, change their password or are
  deactivated (``User.end_sessions``): every session and remember cookie made before stops
  working, on every device;
- ``signed-in at`` (Unix seconds): a login id older than ``REMEMBER_COOKIE_DURATION`` is
  refused, whatever the cookie's own expiry says;
- the random nonce makes each sign-in's remember cookie different.
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import TYPE_CHECKING

from flask import current_app

from core.db import db

if TYPE_CHECKING:
    from core.models import User

#: where a user loaded from a login id keeps it, so that ``get_id`` gives the same one back
LOGIN_ID = "_nhip_login_id"


def login_id(user: User) -> str:
    """The user's current login id, or a new one (signed in now) for a fresh sign-in."""
    kept = getattr(user, LOGIN_ID, None)
    if kept:
        return kept
    return f"{user.id}:{user.session_key}:{int(time.time())}:{secrets.token_hex(4)}"


def max_age_seconds() -> float:
    """How long a sign-in lasts at most (the remember cookie's duration)."""
    return current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds()


def user_for_login_id(value: str) -> User | None:
    """The active user a login id belongs to, or None when it is malformed, ended or too old."""
    from core.models import User

    parts = str(value).split(":")
    if len(parts) != 4 or not parts[0].isdigit() or not parts[2].isdigit():
        return None
    user_id, key, signed_in = int(parts[0]), parts[1], int(parts[2])
    if not key or time.time() - signed_in > max_age_seconds():
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or not user.session_key:
        return None
    if not hmac.compare_digest(user.session_key.encode(), key.encode()):
        return None
    setattr(user, LOGIN_ID, value)
    return user


def forget_login_id(user: User) -> None:
    """Let the next ``get_id`` make a new login id (after the session key changed)."""
    if hasattr(user, LOGIN_ID):
        delattr(user, LOGIN_ID)


def sign_in(user: User, remember: bool = False) -> None:
    """Start a new session for ``user``: the old session's data and CSRF token are dropped
    (only the chosen language is kept) and a new login id, so a new remember cookie, is made."""
    from flask import session
    from flask_login import login_user

    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    forget_login_id(user)
    login_user(user, remember=remember)


def sign_out_everywhere(user: User) -> None:
    """End every session and remember cookie of ``user`` (this one is ended by the caller)."""
    user.end_sessions()
    db.session.commit()
