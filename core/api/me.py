"""``GET /api/v1/me``: who the caller is."""

from flask import jsonify
from flask_login import current_user

from core.api import bp
from core.auth import login_only


@bp.get("/me")
@login_only
def me():
    """The caller's id, e-mail, name and roles."""
    return jsonify(
        id=current_user.id,
        email=current_user.email,
        name=current_user.name,
        roles=current_user.roles,
    )
