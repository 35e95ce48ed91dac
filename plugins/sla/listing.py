"""SLA filters (status, responsible) and the urgency sort that tracked lists offer
(``list_filters``/``list_sorts``)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import false, func, or_, select

from core.db import utcnow
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
    viewer's own: someone else's id is refused like any unknown value. The viewer's team is
    looked up only when the choices are needed (the filter's menu is drawn or the filter is
    used), not on every list (an API read asks for none)."""
    if not has_responsible(entity) or user is None or not getattr(user, "id", None):
        return None
    column = responsible_user_column(entity)

    def choices() -> tuple[Choice, ...]:
        team = team_of(user)
        found = [Choice("me", _l("Me"))]
        if team:
            found.append(Choice("team", _l("My team")))
        if team.departments:
            found.append(Choice("department", _l("My department's queue")))
        found += [Choice(str(member), name) for member, name in team.names().items()]
        return tuple(found)

    def apply(stmt, value):
        if value == "me":
            return stmt.where(column == user.id)
        team = team_of(user)
        if value == "department":
            return stmt.where(in_departments(entity, team.departments))
        if value == "team":
            people = column.in_(team.members) if team.members else false()
            if team.departments:
                return stmt.where(or_(people, in_departments(entity, team.departments)))
            return stmt.where(people)
        return stmt.where(column == int(value))

    return ListFilter("responsible", _l("Responsible"), choices, apply)


def urgency_sort(entity: EntityType) -> ListSort:
    """``?sort=urgency``: the nearest running deadline first; records without one last.

    The nearest deadline is a correlated ``min`` over the record's current clocks (found
    through ``ix_sla_clock_record``), not a join to every record's nearest deadline: counting
    the list's records leaves it out with the rest of the ordering, and only the records the
    list holds are looked at. It is the default order of tracked lists, so every one pays it."""

    def apply(stmt, descending: bool):
        nearest = (
            select(func.min(Clock.deadline))
            .where(
                Clock.entity == entity.key,
                Clock.record_id == entity.model.id,
                Clock.current.is_(True),
                Clock.state == RUNNING,
            )
            .correlate(entity.model)
            .scalar_subquery()
        )
        order = nearest.desc() if descending else nearest.asc()
        return stmt.order_by(order.nulls_last(), entity.model.id)

    return ListSort("urgency", _l("SLA urgency"), apply)
