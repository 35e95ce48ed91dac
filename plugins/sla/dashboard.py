"""The "Your deadlines" card of the home page: per tracked record type, how many of the
viewer's records are breached or at risk (and, for SLA admins, everyone's), in one query; only
records the viewer may read are counted."""

from __future__ import annotations

from dataclasses import dataclass
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
from plugins.sla.readable import readable_clocks


@dataclass
class Counts:
    """Records of one type whose most urgent clock is breached, or at risk (and not breached)."""

    breached: int = 0
    at_risk: int = 0

    def __bool__(self) -> bool:
        return bool(self.breached or self.at_risk)


@dataclass
class Line:
    """One record type on the card, with links to its list filtered by SLA status."""

    label: str
    counts: Counts
    breached_url: str
    at_risk_url: str


def deadline_counts(user_id: int, within: Any = None) -> dict[str, tuple[Counts, Counts]]:
    """Per tracked type: (the user's counts, everyone's counts), counting records as the list
    filter ``?sla=`` does (a record counts with its most urgent current clock). ``within``
    keeps only some clocks (``readable.readable_clocks``: the viewer's). One query."""
    now = utcnow()
    breached = and_(Clock.state == RUNNING, Clock.deadline <= now)
    at_risk = and_(Clock.state == RUNNING, Clock.deadline > now, Clock.warn_at <= now)
    tracked = db.select(ModuleSwitch.entity).where(ModuleSwitch.enabled.is_(True))
    per_record = (
        db.select(
            Clock.entity.label("entity"),
            func.max(case((breached, 1), else_=0)).label("breached"),
            func.max(case((at_risk, 1), else_=0)).label("at_risk"),
            func.max(case((Clock.responsible_user_id == user_id, 1), else_=0)).label("mine"),
        )
        .where(
            Clock.current.is_(True),
            Clock.state == RUNNING,
            Clock.entity.in_(tracked),
            true() if within is None else within,
        )
        .group_by(Clock.entity, Clock.record_id)
        .subquery()
    )
    late = per_record.c.breached == 1
    risky = and_(per_record.c.at_risk == 1, per_record.c.breached == 0)
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
    counts = deadline_counts(user.id, readable_clocks(readable, user))
    empty = (Counts(), Counts())

    def lines(which: int, entities) -> list[Line]:
        found = []
        for entity in entities:
            numbers = counts.get(entity.key, empty)[which]
            if numbers:
                found.append(
                    Line(
                        str(entity.label_plural),
                        numbers,
                        list_url(entity, sla="breached"),
                        list_url(entity, sla="at_risk"),
                    )
                )
        return found

    everyone = [e for e in readable if e.key in counts] if admin else []
    html = render_template(
        "sla/dashboard.html", mine=lines(0, readable), everyone=lines(1, everyone), admin=admin
    )
    return Panel(title=_l("Your deadlines"), html=Markup(html), order=20, source="sla")
