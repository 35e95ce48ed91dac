"""SLA filters (status, responsible) and the urgency sort that tracked lists offer
(``list_filters``/``list_sorts``)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, false, func, or_

from core.db import db, utcnow
from core.entities import Choice, EntityType
from core.listing import ListFilter, ListSort
from plugins.sla.models import Clock
from plugins.sla.models.clock import RUNNING
from plugins.sla.record_status import (
    has_responsible,
    in_departments,
    record_has_status,
    responsible_user_column,
)
from plugins.sla.team import team_of

FILTER_CHOICES = (
    Choice("on_track", _l("On track")),
    Choice("at_risk", _l("At risk")),
    Choice("breached", _l("Breached")),
    Choice("paused", _l("Paused")),
)


def status_filter(entity: EntityType) -> ListFilter:
    """``?sla=breached`` (or at_risk, on_track, paused): records one of whose current targets
    has that status, as its badges show it (``plugins.sla.record_status``): a record with a
    breached target and an at-risk one is listed under both."""

    def apply(stmt, value):
        return stmt.where(record_has_status(entity, value, utcnow()))

    return ListFilter("sla", _l("SLA target"), FILTER_CHOICES, apply)


def responsible_filter(entity: EntityType, user: Any) -> ListFilter | None:
    """``?responsible=me`` (records the viewer answers for), ``team`` (those of the people
    they manage, and of the departments they head), ``department`` (the departments they
    head) or a team member's user id; None for a type nobody answers for. The choices are the
    viewer's own: someone else's id is refused like any unknown value."""
    if not has_responsible(entity) or user is None or not getattr(user, "id", None):
        return None
    team = team_of(user)
    choices = [Choice("me", _l("Me"))]
    if team:
        choices.append(Choice("team", _l("My team")))
    if team.departments:
        choices.append(Choice("department", _l("My department's queue")))
    choices += [Choice(str(member), name) for member, name in team.names().items()]
    column = responsible_user_column(entity)

    def apply(stmt, value):
        if value == "me":
            return stmt.where(column == user.id)
        if value == "department":
            return stmt.where(in_departments(entity, team.departments))
        if value == "team":
            people = column.in_(team.members) if team.members else false()
            if team.departments:
                return stmt.where(or_(people, in_departments(entity, team.departments)))
            return stmt.where(people)
        return stmt.where(column == int(value))

    return ListFilter("responsible", _l("Responsible"), tuple(choices), apply)


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
