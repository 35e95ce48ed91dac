"""The SLA overview: a tracking switch per entity type, grouped by module, with live counts (of
the records the viewer may read)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import and_, func

from core.auth import requires
from core.db import db, utcnow
from core.errors import BusinessRuleError
from plugins.sla.catch_up import give_clocks, waiting_count
from plugins.sla.ending import count_of_type
from plugins.sla.models import Clock
from plugins.sla.models.clock import PAUSED, RUNNING
from plugins.sla.readable import readable_clocks, reads_every_record
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
        waiting=waiting_counts(current_user),
    )


@bp.post("/switches")
@requires("sla.admin")
def switch():
    """Turn tracking on or off for one entity type. Switching off first shows what it will do
    (its running and paused clocks are cancelled at once, how many) and asks to confirm."""
    key = request.form.get("entity", "")
    entity = trackable_type(key)
    if entity is None:
        flash(_("Unknown record type %(key)s.", key=key), "danger")
        return redirect(url_for("sla.overview"))
    enabled = request.form.get("enabled") == "1"
    counted = reads_every_record(entity, current_user)
    if not enabled and request.form.get("confirm") != "1":
        return render_template(
            "sla/admin/confirm.html",
            title=_("Switch SLA tracking off for %(label)s?", label=entity.label_plural),
            message=_off_message(entity, count_of_type(key) if counted else None),
            action=url_for("sla.switch"),
            fields={"entity": key, "enabled": "0", "confirm": "1"},
            button=_("Switch off"),
            danger=True,
        )
    ended = set_tracking(key, enabled, current_user.id)
    db.session.commit()
    label = entity.label_plural
    if enabled:
        flash(_("SLA tracking is on for %(label)s.", label=label), "success")
    elif counted:
        flash(
            ngettext(
                "SLA tracking is off for %(label)s; %(num)d running clock was cancelled.",
                "SLA tracking is off for %(label)s; %(num)d running clocks were cancelled.",
                ended,
                label=label,
            ),
            "info",
        )
    else:
        flash(
            _("SLA tracking is off for %(label)s; its running clocks were cancelled.", label=label),
            "info",
        )
    return redirect(url_for("sla.overview"))


def _off_message(entity, count: int | None) -> str:
    if count is None:
        return _(
            "Its running and paused clocks are cancelled now and their escalations no longer "
            "fire; no new clocks start. Met and breached outcomes are kept."
        )
    return ngettext(
        "%(num)d running or paused clock of %(label)s is cancelled now and its escalations no "
        "longer fire; no new clocks start. Met and breached outcomes are kept.",
        "%(num)d running or paused clocks of %(label)s are cancelled now and their escalations "
        "no longer fire; no new clocks start. Met and breached outcomes are kept.",
        count,
        label=entity.label_plural,
    )


@bp.post("/backfill")
@requires("sla.admin")
def backfill_type():
    """Give the open records of a tracked type without clocks theirs, replayed from their
    audit trails (after a confirmation saying how many)."""
    key = request.form.get("entity", "")
    entity = trackable_type(key)
    if entity is None or not reads_every_record(entity, current_user):
        flash(_("Unknown record type %(key)s.", key=key), "danger")
        return redirect(url_for("sla.overview"))
    if request.form.get("confirm") != "1":
        count = waiting_count(entity)
        return render_template(
            "sla/admin/confirm.html",
            title=_("Give the open %(label)s their clocks?", label=entity.label_plural),
            message=ngettext(
                "%(num)d open record has no clock. It gets the clocks it would have had if "
                "the policy had always been there, from its history; escalation levels "
                "already passed are not fired.",
                "%(num)d open records have no clock. They get the clocks they would have had "
                "if the policy had always been there, from their history; escalation levels "
                "already passed are not fired.",
                count,
            ),
            action=url_for("sla.backfill_type"),
            fields={"entity": key, "confirm": "1"},
            button=_("Give them their clocks"),
            danger=False,
        )
    try:
        given, looked_at = give_clocks(entity)
        db.session.commit()
    except BusinessRuleError:
        db.session.rollback()
        flash(_("SLA tracking is off for %(label)s.", label=entity.label_plural), "warning")
        return redirect(url_for("sla.overview"))
    message = ngettext(
        "%(num)d of %(all)d open records got its clocks.",
        "%(num)d of %(all)d open records got their clocks.",
        given,
        all=looked_at,
    )
    if given < looked_at:
        message += " " + _("The others match no policy, or no target starts in their state.")
    flash(message, "success")
    return redirect(url_for("sla.overview"))


def waiting_counts(user) -> dict[str, int]:
    """Open records without clocks per tracked type whose every record ``user`` may read."""
    tracked = tracked_keys()
    return {
        e.key: waiting_count(e)
        for e in trackable_types()
        if e.key in tracked and reads_every_record(e, user)
    }
