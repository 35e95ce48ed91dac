"""Who is asking: session logins (pages) and personal API tokens (``Authorization: Bearer``)."""

from __future__ import annotations

from flask import jsonify, redirect, request, url_for
from flask_login import LoginManager

from core.db import db, utcnow
from core.models import ApiToken, User

login_manager = LoginManager()
login_manager.login_view = "ui.login"
login_manager.session_protection = "basic"


def wants_json() -> bool:
    """API paths and clients that ask for JSON get JSON answers (401/403), not pages."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    try:
        user = db.session.get(User, int(user_id))
    except ValueError:
        return None
    return user if user and user.active else None


@login_manager.request_loader
def load_user_from_token(req) -> User | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token = header[len("Bearer ") :].strip()
    row = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == ApiToken.digest(token))
    ).scalar_one_or_none()
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    db.session.commit()
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
