"""The "Your deadlines" card of the home page: per tracked record type, how many of the
viewer's records are breached, and how many at risk (and, for SLA admins, everyone's); only
records the viewer may read are counted, with the one definition of ``record_status`` (a
record counts under each status one of its targets shows), and each number links to the list
showing exactly those records (``?responsible=me&sla=breached``)."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import and_, case, func, true

from core.auth import has_permission
from core.db import db, utcnow
from core.ui.links import list_url
from core.ui.panels import Panel
from plugins.sla.models import Clock, ModuleSwitch
from plugins.sla.models.clock import RUNNING
from plugins.sla.record_status import (
    Counts,
    has_responsible,
    late_records,
    responsible_user_column,
)
from plugins.sla.status import AT_RISK, BREACHED
from plugins.sla.team import Line, late_line

__all__ = ["Counts", "deadline_counts", "deadlines_widget"]


def deadline_counts(user_id: int, within: Any = None) -> dict[str, tuple[Counts, Counts]]:
    """Per tracked type: (the records whose clocks name ``user_id`` responsible, every
    record), each as breached and at-risk records, a record counting under each status one of
    its current targets shows (``record_status.clock_in_status``); only running clocks are
    read (``ix_sla_clock_running``): the met ones, nearly all, can be neither. ``within``
    keeps only some clocks (the reports' slices). One query. The home page cards count with
    ``late_records`` instead (the records the viewer may read, by the record's own
    responsible)."""
    from plugins.sla.record_status import clock_in_status

    now = utcnow()
    tracked = db.select(ModuleSwitch.entity).where(ModuleSwitch.enabled.is_(True))
    per_record = (
        db.select(
            Clock.entity.label("entity"),
            func.max(case((clock_in_status(BREACHED, now), 1), else_=0)).label("breached"),
            func.max(case((clock_in_status(AT_RISK, now), 1), else_=0)).label("at_risk"),
            func.max(case((Clock.responsible_user_id == user_id, 1), else_=0)).label("mine"),
        )
        .where(
            Clock.current.is_(True),
            Clock.state == RUNNING,  # only a running clock is breached or at risk now
            Clock.entity.in_(tracked),
            true() if within is None else within,
        )
        .group_by(Clock.entity, Clock.record_id)
        .subquery()
    )
    late = per_record.c.breached == 1
    risky = per_record.c.at_risk == 1
    mine = per_record.c.mine == 1

    def total(condition):
        return func.sum(case((condition, 1), else_=0))

    rows = db.session.execute(
        db.select(
            per_record.c.entity,
            total(and_(late, mine)),
            total(and_(risky, mine)),
            total(late),
            total(risky),
        ).group_by(per_record.c.entity)
    ).all()
    return {
        key: (Counts(int(mb or 0), int(mr or 0)), Counts(int(ab or 0), int(ar or 0)))
        for key, mb, mr, ab, ar in rows
    }


def _lines(found: dict, entities: list[Any], responsible: str | None) -> list[Line]:
    lines = []
    for entity in entities:
        counts = found.get((entity.key, None))
        if not counts:
            continue
        if responsible:
            lines.append(late_line(entity, counts, responsible))
        else:
            lines.append(
                Line(
                    str(entity.label_plural),
                    counts,
                    list_url(entity, sla="breached"),
                    list_url(entity, sla="at_risk"),
                )
            )
    return lines


def deadlines_widget(user: Any) -> Panel | None:
    """The card, or None when the user reads no tracked record type and is no SLA admin."""
    from plugins.sla.switches import tracked_keys

    registry = current_app.extensions["nhip"].entities
    readable = [
        registry.get(key)
        for key in sorted(tracked_keys())
        if key in registry and has_permission(registry.get(key).read_permission, user)
    ]
    admin = has_permission("sla.admin", user)
    if not readable and not admin:
        return None
    owned = [e for e in readable if has_responsible(e)]
    mine = late_records(owned, user, narrow=lambda e: responsible_user_column(e) == user.id)
    everyone = late_records(readable, user) if admin else {}
    html = render_template(
        "sla/dashboard.html",
        mine=_lines(mine, owned, "me"),
        everyone=_lines(everyone, readable, None),
        admin=admin,
    )
    return Panel(title=_l("Your deadlines"), html=Markup(html), order=20, source="sla")
