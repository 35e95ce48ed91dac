"""The SLA overview: a tracking switch per entity type, grouped by module, with live counts (of
the records the viewer may read)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, func

from core.auth import requires
from core.db import db, utcnow
from plugins.sla.models import Clock
from plugins.sla.models.clock import PAUSED, RUNNING
from plugins.sla.readable import readable_clocks
from plugins.sla.switches import set_tracking, trackable_type, trackable_types, tracked_keys
from plugins.sla.views import bp


def _counts(user) -> dict[str, dict[str, int]]:
    """Running, breached and paused current clocks per entity type, of the records ``user``
    may read (one query)."""
    now = utcnow()
    rows = db.session.execute(
        db.select(
            Clock.entity,
            func.count().filter(Clock.state == RUNNING),
            func.count().filter(and_(Clock.state == RUNNING, Clock.deadline <= now)),
            func.count().filter(Clock.state == PAUSED),
        )
        .where(Clock.current.is_(True), readable_clocks(trackable_types(), user))
        .group_by(Clock.entity)
    ).all()
    return {e: {"running": r, "breached": b, "paused": p} for e, r, b, p in rows}


@bp.get("/")
@requires("sla.admin")
def overview():
    """Switches per module and what is running now."""
    host = current_app.extensions["nhip"]
    groups: dict[str, list] = {}
    for entity in trackable_types():
        groups.setdefault(entity.module, []).append(entity)
    labels = {
        # manifests' labels are plain text, translated by their plugins' catalogs
        name: (gettext(str(item.manifest.label)) if item.manifest else name)
        for name, item in host.discovered.items()
    }
    return render_template(
        "sla/admin/overview.html",
        groups=groups,
        labels=labels,
        tracked=tracked_keys(),
        counts=_counts(current_user),
    )


@bp.post("/switches")
@requires("sla.admin")
def switch():
    """Turn tracking on or off for one entity type."""
    key = request.form.get("entity", "")
    entity = trackable_type(key)
    if entity is None:
        flash(_("Unknown record type %(key)s.", key=key), "danger")
        return redirect(url_for("sla.overview"))
    enabled = request.form.get("enabled") == "1"
    set_tracking(key, enabled)
    db.session.commit()
    label = entity.label_plural
    if enabled:
        flash(_("SLA tracking is on for %(label)s.", label=label), "success")
    else:
        flash(_("SLA tracking is off for %(label)s; no new clocks start.", label=label), "info")
    return redirect(url_for("sla.overview"))
