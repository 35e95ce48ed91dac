"""The one definition of "a record is breached / at risk / on track / paused", in SQL.

A record counts under each status that one of its current targets has, exactly as its badges
show them (``plugins.sla.badges``, ``plugins.sla.status.clock_status``): a record whose
Respond target is met and whose Resolve target is at risk is at risk; one with a breached
target and an at-risk one is both breached and at risk. The list filter ``?sla=``, the home
page cards and the reports' "late now" all count with the functions below, so the number on a
card is the number of rows its link lists. Counts are of records, never of clocks.

Who answers for a record (``responsible_user_column``) is the record type's
``responsible_field`` when it has one, else the responsible user SLA stores on the record's
clocks (``EntityType.responsible_user``, refreshed on every change of the record); its
department is the one stored on its clocks (``EntityType.responsible_department``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from core.db import db, utcnow
from core.entities import EntityType
from core.listing import base_select
from plugins.sla.models import Clock
from plugins.sla.models.clock import CANCELLED, PAUSED, RUNNING
from plugins.sla.status import AT_RISK, BREACHED, ON_TRACK

#: the statuses a list can be filtered on (those of open work)
FILTERABLE = (ON_TRACK, AT_RISK, BREACHED, PAUSED)


def clock_in_status(status: str, now: datetime) -> ColumnElement[bool]:
    """A condition on ``Clock`` true when the clock shows ``status`` at ``now``: the SQL twin
    of ``plugins.sla.status.clock_status`` (a test holds them to the same answers)."""
    if status == BREACHED:
        return and_(Clock.state == RUNNING, Clock.deadline <= now)
    if status == AT_RISK:
        return and_(Clock.state == RUNNING, Clock.deadline > now, Clock.warn_at <= now)
    if status == ON_TRACK:
        return and_(
            Clock.state == RUNNING,
            or_(Clock.deadline.is_(None), Clock.deadline > now),
            or_(Clock.warn_at.is_(None), Clock.warn_at > now),
        )
    return Clock.state == status


def _current_clocks(entity: EntityType):
    """The conditions keeping the current (not cancelled) clocks of the outer record."""
    return (
        Clock.entity == entity.key,
        Clock.record_id == entity.model.id,
        Clock.current.is_(True),
        Clock.state != CANCELLED,
    )


def record_has_status(entity: EntityType, status: str, now: datetime) -> ColumnElement[bool]:
    """A condition on ``entity.model``: one of the record's current targets shows ``status``."""
    clocks = select(Clock.id).where(*_current_clocks(entity), clock_in_status(status, now))
    return clocks.exists()


def has_responsible(entity: EntityType) -> bool:
    """Whether records of ``entity`` have someone who answers for them."""
    return entity.responsible_field is not None or entity.responsible_user is not None


def responsible_user_column(entity: EntityType) -> ColumnElement[Any]:
    """The user id who answers for the outer record (see the module's docstring)."""
    if entity.responsible_field is not None:
        return getattr(entity.model, entity.field(entity.responsible_field).attr)
    return (
        select(func.max(Clock.responsible_user_id))
        .where(*_current_clocks(entity))
        .scalar_subquery()
    )


def in_departments(entity: EntityType, departments: Iterable[str]) -> ColumnElement[bool]:
    """A condition on ``entity.model``: the record's responsible department is one of these."""
    codes = sorted(set(departments))
    clocks = select(Clock.id).where(
        *_current_clocks(entity), Clock.responsible_department.in_(codes)
    )
    return clocks.exists()


@dataclass
class Counts:
    """Records breached, and records at risk (a record with both counts in both)."""

    breached: int = 0
    at_risk: int = 0

    def __bool__(self) -> bool:
        return bool(self.breached or self.at_risk)

    def add(self, other: Counts) -> None:
        self.breached += other.breached
        self.at_risk += other.at_risk


def late_records(
    entities: Iterable[EntityType],
    viewer: Any,
    narrow: Callable[[EntityType], ColumnElement[bool] | None] | None = None,
    by_person: bool = False,
) -> dict[tuple[str, int | None], Counts]:
    """``{(entity key, person): Counts}`` of the records ``viewer`` may read that are breached
    or at risk now, in one query whatever the number of types. ``narrow(entity)`` adds a
    condition on the records (None leaves the type out); ``by_person`` groups them by who
    answers for them (else ``person`` is None)."""
    now = utcnow()
    parts = []
    for entity in entities:
        stmt = base_select(entity, viewer)
        if narrow is not None:
            condition = narrow(entity)
            if condition is None:
                continue
            stmt = stmt.where(condition)
        breached = record_has_status(entity, BREACHED, now)
        at_risk = record_has_status(entity, AT_RISK, now)
        person = responsible_user_column(entity) if by_person else null()
        parts.append(
            stmt.with_only_columns(
                cast(literal(entity.key), String).label("entity"),
                cast(person, Integer).label("person"),
                case((breached, 1), else_=0).label("breached"),
                case((at_risk, 1), else_=0).label("at_risk"),
                maintain_column_froms=True,
            )
            .where(or_(breached, at_risk))
            .order_by(None)
        )
    if not parts:
        return {}
    rows = union_all(*parts).subquery()
    totals = db.session.execute(
        select(
            rows.c.entity, rows.c.person, func.sum(rows.c.breached), func.sum(rows.c.at_risk)
        ).group_by(rows.c.entity, rows.c.person)
    ).all()
    return {
        (key, person): Counts(int(breached or 0), int(at_risk or 0))
        for key, person, breached, at_risk in totals
    }
