"""The bell's pages: the viewer's notifications, newest first, and marking them read.

Only the viewer's own rows are ever read or changed: another user's notification is a 404.
"""

from __future__ import annotations

import math

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select, update

from core.auth import login_only
from core.db import db, utcnow
from core.listing import Page
from core.models import Notification
from core.ui import bp
from core.ui.links import local_target

PER_PAGE = 25


def _own():
    return select(Notification).where(Notification.user_id == current_user.id)


@bp.get("/notifications")
@login_only
def notifications():
    """The viewer's notifications, newest first, unread in bold, 25 a page."""
    try:
        wanted = max(1, int(request.args.get("page", 1)))
    except ValueError:
        wanted = 1
    total = db.session.scalar(select(func.count()).select_from(_own().subquery()))
    page_no = min(wanted, max(1, math.ceil(total / PER_PAGE)))
    rows = (
        db.session.execute(
            _own()
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(PER_PAGE)
            .offset((page_no - 1) * PER_PAGE)
        )
        .scalars()
        .all()
    )
    page = Page(items=list(rows), total=total, page=page_no, per_page=PER_PAGE, sort="-created_at")
    return render_template("notifications.html", page=page)


@bp.post("/notifications/<int:notification_id>/read")
@login_only
def notification_read(notification_id: int):
    """Mark one notification read; with ``open`` set, go on to what it is about."""
    row = db.session.execute(_own().where(Notification.id == notification_id)).scalar_one_or_none()
    if row is None:
        abort(404)
    if row.read_at is None:
        row.read_at = utcnow()
        db.session.commit()
    back = url_for("ui.notifications", page=request.form.get("page") or None)
    if request.form.get("open") and row.url:
        return redirect(local_target(row.url, back))
    return redirect(back)


@bp.post("/notifications/read-all")
@login_only
def notifications_read_all():
    """Mark every unread notification of the viewer read."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    flash(
        ngettext(
            "%(num)d notification marked as read.",
            "%(num)d notifications marked as read.",
            result.rowcount,
        )
        if result.rowcount
        else _("Everything was already read."),
        "success",
    )
    return redirect(url_for("ui.notifications"))
