"""Who is asking: session logins (pages) and personal API tokens (``Authorization: Bearer``).

A request that carries a Bearer header is authenticated by that token alone: its session and
remember cookies are ignored, so a forged or stale header never rides on a browser's session
(and never skips the CSRF check: only ``authenticated_by_token()`` requests do).
"""

from __future__ import annotations

from flask import g, jsonify, redirect, request, url_for
from flask_login import LoginManager, current_user

from core.auth.sessions import user_for_login_id
from core.db import db, utcnow
from core.models import ApiToken, User

login_manager = LoginManager()
login_manager.login_view = "ui.login"
login_manager.session_protection = "basic"

BEARER = "Bearer "


def wants_json() -> bool:
    """API paths and clients that ask for JSON get JSON answers (401/403), not pages."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def bearer_token(req=None) -> str | None:
    """The token of the request's ``Authorization: Bearer`` header, or None without one."""
    header = (req or request).headers.get("Authorization", "")
    if not header.startswith(BEARER):
        return None
    return header[len(BEARER) :].strip()


def authenticated_by_token() -> bool:
    """Whether this request's user was authenticated by a valid API token (not a cookie)."""
    return bool(current_user.is_authenticated and g.get("nhip_token_id"))


@login_manager.user_loader
def load_user(login_id: str) -> User | None:
    """The user of a session or remember cookie (``core.auth.sessions``)."""
    if bearer_token() is not None:
        return None
    return user_for_login_id(login_id)


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    """The owner of a valid, unexpired token of an active user; notes its use (per minute)."""
    token = bearer_token(req)
    if not token:
        return None
    row = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token))
    ).scalar_one_or_none()
    now = utcnow()
    if row is None or row.expired(now) or not row.user.active:
        return None
    if row.note_use(now):
        db.session.commit()
    g.nhip_token_id = row.id
    return row.user


def deny_anonymous():
    if wants_json():
        response = jsonify(error="authentication required")
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="nhip"'
        return response
    return redirect(url_for("ui.login", next=request.full_path.rstrip("?")))


def deny_forbidden():
    if wants_json():
        return jsonify(error="permission denied"), 403
    from flask import render_template

    return render_template("errors/403.html"), 403
