"""SLA filters and the urgency sort that tracked lists offer (``list_filters``/``list_sorts``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_

from core.db import db, utcnow
from core.entities import Choice, EntityType
from core.listing import ListFilter, ListSort
from plugins.sla.models import Clock
from plugins.sla.models.clock import PAUSED, RUNNING

FILTER_CHOICES = (
    Choice("on_track", _l("On track")),
    Choice("at_risk", _l("At risk")),
    Choice("breached", _l("Breached")),
    Choice("paused", _l("Paused")),
)


def _status_condition(value: str):
    now = utcnow()
    if value == "breached":
        return and_(Clock.state == RUNNING, Clock.deadline <= now)
    if value == "at_risk":
        return and_(Clock.state == RUNNING, Clock.deadline > now, Clock.warn_at <= now)
    if value == "on_track":
        return and_(
            Clock.state == RUNNING,
            Clock.deadline > now,
            or_(Clock.warn_at.is_(None), Clock.warn_at > now),
        )
    return Clock.state == PAUSED


#: a record shows its most urgent status; filtering on one excludes records with a worse one
WORSE = {
    "breached": (),
    "at_risk": ("breached",),
    "on_track": ("breached", "at_risk"),
    "paused": ("breached", "at_risk", "on_track"),
}


def status_filter(entity: EntityType) -> ListFilter:
    """``?sla=breached`` (or at_risk, on_track, paused): records whose most urgent current
    clock has that status."""

    def having(value: str):
        return (
            db.select(Clock.id)
            .where(
                Clock.entity == entity.key,
                Clock.record_id == entity.model.id,
                Clock.current.is_(True),
                _status_condition(value),
            )
            .exists()
        )

    def apply(stmt, value):
        stmt = stmt.where(having(value))
        for worse in WORSE[value]:
            stmt = stmt.where(~having(worse))
        return stmt

    return ListFilter("sla", _l("SLA"), FILTER_CHOICES, apply)


def urgency_sort(entity: EntityType) -> ListSort:
    """``?sort=urgency``: the nearest running deadline first; records without one last."""

    def apply(stmt, descending: bool):
        nearest = (
            db.select(Clock.record_id, func.min(Clock.deadline).label("deadline"))
            .where(Clock.entity == entity.key, Clock.current.is_(True), Clock.state == RUNNING)
            .group_by(Clock.record_id)
            .subquery()
        )
        missing = case((nearest.c.deadline.is_(None), 1), else_=0)
        stmt = stmt.outerjoin(nearest, nearest.c.record_id == entity.model.id)
        if descending:
            return stmt.order_by(missing, nearest.c.deadline.desc(), entity.model.id)
        return stmt.order_by(missing, nearest.c.deadline.asc(), entity.model.id)

    return ListSort("urgency", _l("SLA urgency"), apply)
