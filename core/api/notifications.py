"""``/api/v1/notifications``: the caller's notifications, and marking them read."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from core.api import bp
from core.auth import login_only
from core.db import db
from core.errors import NotFound, ValidationError
from core.models import Notification
from core.notifications import mark_read

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


@bp.get("/notifications")
@login_only
def list_notifications():
    """The caller's notifications, newest first: ``?unread=true``, ``page``, ``per_page``."""
    unread = _flag("unread")
    page = _positive_int("page", 1)
    per_page = _positive_int("per_page", DEFAULT_PER_PAGE)
    if per_page > MAX_PER_PAGE:
        raise ValidationError({"per_page": f"at most {MAX_PER_PAGE}"})
    query = db.select(Notification).where(Notification.user_id == current_user.id)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    total = db.session.execute(
        db.select(db.func.count()).select_from(query.subquery())
    ).scalar_one()
    rows = (
        db.session.execute(
            query.order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        .scalars()
        .all()
    )
    return jsonify(items=[row.to_json() for row in rows], total=total, page=page, per_page=per_page)


@bp.post("/notifications/<int:notification_id>/read")
@login_only
def read_notification(notification_id: int):
    """Mark one of the caller's notifications read; 404 when it is not theirs."""
    row = db.session.get(Notification, notification_id)
    if row is None or row.user_id != current_user.id:
        raise NotFound(f"notification {notification_id} does not exist")
    mark_read(current_user.id, [notification_id])
    db.session.refresh(row)
    return jsonify(row.to_json())


@bp.post("/notifications/read")
@login_only
def read_all_notifications():
    """Mark every unread notification of the caller read; answers how many."""
    return jsonify(marked=mark_read(current_user.id, None))


def _flag(name: str) -> bool:
    value = request.args.get(name, "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValidationError({name: "expected true or false"})


def _positive_int(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: "expected a whole number"}) from None
    if value < 1:
        raise ValidationError({name: "must be at least 1"})
    return value
