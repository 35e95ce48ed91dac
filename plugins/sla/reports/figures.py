"""Compliance figures: clocks counted by outcome with grouped SQL, one query per table.

Which clocks count: every clock that is not cancelled and that *started* in the period
(``started_at``), in the viewer's scope and the chosen slices. Each counts once, as exactly one
of these outcomes:

``excused``   a breach excused for an outside cause (``excused_at`` set), whatever its state
``met``       met within its goal
``met_late``  met after its deadline
``breached``  still running or paused, and past its deadline (noted or not yet noted)
``open``      still running or paused, within its goal

Compliance is ``met / (met + met_late + breached)``; excused and open clocks are out of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, func, literal, not_, or_

from core.db import db, utcnow
from core.i18n import viewer_zone
from core.models import User
from plugins.sla.models import Clock, Policy, PolicyVersion
from plugins.sla.models.clock import ACTIVE, CANCELLED, MET, MET_LATE, PAUSED, RUNNING
from plugins.sla.reports.filters import Filters
from plugins.sla.reports.scope import Scope, department_names

OUTCOMES = ("met", "met_late", "breached", "excused", "open")
DIMENSIONS = ("module", "entity", "policy", "target", "employee", "department", "week", "month")


@dataclass
class Tally:
    """The clocks of one row of a table, by outcome."""

    clocks: int = 0
    met: int = 0
    met_late: int = 0
    breached: int = 0
    excused: int = 0
    open: int = 0

    @property
    def counted(self) -> int:
        """The clocks compliance is measured on."""
        return self.met + self.met_late + self.breached

    @property
    def compliance(self) -> float | None:
        """Met on time over counted, 0 to 1; None when nothing counts."""
        return round(self.met / self.counted, 4) if self.counted else None

    def add(self, other: Tally) -> None:
        for name in ("clocks", *OUTCOMES):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "clocks": self.clocks,
            **{name: getattr(self, name) for name in OUTCOMES},
            "compliance": self.compliance,
        }


@dataclass
class Row:
    """One line of a table: its key (stable, for CSV and JSON), its label, its figures."""

    key: str
    label: str
    tally: Tally

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, **self.tally.as_dict()}


def breached_now(now: datetime) -> ColumnElement[bool]:
    """An active clock past its goal: noted as breached, running past its deadline, or
    paused with its goal used up."""
    return and_(
        Clock.state.in_(ACTIVE),
        or_(
            Clock.breached_at.is_not(None),
            and_(Clock.state == RUNNING, Clock.deadline <= now),
            and_(Clock.state == PAUSED, Clock.spent_minutes >= Clock.goal_minutes),
        ),
    )


def outcome_columns(now: datetime) -> list:
    """``count, met, met_late, breached, excused, open`` as SQL sums."""
    excused = Clock.excused_at.is_not(None)
    kept = not_(excused)
    breached = breached_now(now)

    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    return [
        func.count(Clock.id),
        total(and_(kept, Clock.state == MET)),
        total(and_(kept, Clock.state == MET_LATE)),
        total(and_(kept, breached)),
        total(excused),
        total(and_(kept, Clock.state.in_(ACTIVE), not_(breached))),
    ]


def slice_conditions(filters: Filters, scope: Scope) -> list[ColumnElement[bool]]:
    """The chosen module, record type, department and employee, within ``scope``."""
    found = [scope.clause(Clock.responsible_department)]
    if filters.module:
        registry = current_app.extensions["nhip"].entities
        found.append(Clock.entity.in_([e.key for e in registry if e.module == filters.module]))
    if filters.entity:
        found.append(Clock.entity == filters.entity)
    if filters.department:
        found.append(Clock.responsible_department == filters.department)
    if filters.employee is not None:
        found.append(Clock.responsible_user_id == filters.employee)
    return found


def clock_conditions(filters: Filters, scope: Scope) -> list[ColumnElement[bool]]:
    """The clocks of a report: not cancelled, started in the period, in the slices."""
    return [
        Clock.state != CANCELLED,
        Clock.started_at >= filters.start,
        Clock.started_at < filters.end,
        *slice_conditions(filters, scope),
    ]


def total(filters: Filters, scope: Scope) -> Tally:
    """Every clock of the report, in one row."""
    row = db.session.execute(
        db.select(*outcome_columns(utcnow())).where(*clock_conditions(filters, scope))
    ).one()
    return Tally(*(int(v or 0) for v in row))


def summed(rows: list[Row]) -> Tally:
    """The total of a table's rows: each clock is in exactly one row of any grouping."""
    found = Tally()
    for row in rows:
        found.add(row.tally)
    return found


def compliance_by(dimension: str, filters: Filters, scope: Scope) -> list[Row]:
    """The report's clocks grouped by ``dimension`` (one of ``DIMENSIONS``), in one query."""
    keys, joins, label = _grouping(dimension, filters)
    stmt = db.select(*keys, *outcome_columns(utcnow())).where(*clock_conditions(filters, scope))
    for table, on in joins:
        stmt = stmt.outerjoin(table, on)
    rows = db.session.execute(stmt.group_by(*keys)).all()
    out: dict[str, Row] = {}
    for row in rows:
        key, text = label(row[: len(keys)])
        tally = Tally(*(int(v or 0) for v in row[len(keys) :]))
        if key in out:
            out[key].tally.add(tally)
        else:
            out[key] = Row(key, text, tally)
    if dimension in ("week", "month"):
        return [out.get(k) or Row(k, t, Tally()) for k, t in _bucket_names(dimension, filters)]
    return sorted(out.values(), key=lambda r: (r.label.lower(), r.key))


def _grouping(dimension: str, filters: Filters) -> tuple[list, list, Callable]:
    """The group-by columns, the joins they need, and how a row's keys become (key, label)."""
    registry = current_app.extensions["nhip"].entities

    def entity_label(key: str) -> str:
        return str(registry.get(key).label_plural) if key in registry else key

    if dimension == "module":
        return [Clock.entity], [], lambda k: (k[0].split(".")[0], module_label(k[0]))
    if dimension == "entity":
        return [Clock.entity], [], lambda k: (k[0], entity_label(k[0]))
    if dimension == "target":
        return (
            [Clock.entity, Clock.target_name],
            [],
            lambda k: (f"{k[0]}:{k[1]}", f"{k[1]} ({entity_label(k[0])})"),
        )
    if dimension == "policy":
        return (
            [Policy.id, Policy.name],
            [
                (PolicyVersion, PolicyVersion.id == Clock.version_id),
                (Policy, Policy.id == PolicyVersion.policy_id),
            ],
            lambda k: (str(k[0]), k[1]),
        )
    if dimension == "employee":
        return (
            [Clock.responsible_user_id, User.name],
            [(User, User.id == Clock.responsible_user_id)],
            lambda k: (str(k[0]) if k[0] is not None else "", k[1] or none_label()),
        )
    if dimension == "department":
        names = department_names()
        return (
            [Clock.responsible_department],
            [],
            lambda k: (k[0] or "", names.get(k[0], k[0]) if k[0] else no_department_label()),
        )
    if dimension in ("week", "month"):
        buckets = _buckets(dimension, filters)
        index = case(
            *((Clock.started_at < end, position) for position, (_, _, end) in enumerate(buckets)),
            else_=literal(len(buckets) - 1),
        ).label("bucket")
        return [index], [], lambda k: (buckets[int(k[0])][0], buckets[int(k[0])][0])
    raise ValueError(dimension)


def module_label(entity_key: str) -> str:
    """The module of a record type, named by its plugin's manifest label."""
    from flask_babel import gettext

    name = entity_key.split(".")[0]
    item = current_app.extensions["nhip"].discovered.get(name)
    return gettext(str(item.manifest.label)) if item and item.manifest else name


def none_label() -> str:
    """How a row of clocks nobody was responsible for is named."""
    from flask_babel import gettext

    return gettext("(nobody)")


def no_department_label() -> str:
    """How a row of clocks of no department is named."""
    from flask_babel import gettext

    return gettext("(no department)")


def _buckets(dimension: str, filters: Filters) -> list[tuple[str, datetime, datetime]]:
    """The weeks (from Monday) or months of the period, clipped to it: ``(name, start, end)``
    in UTC; weeks are named by their ISO week (``2026-W05``), months ``2026-01``."""
    zone = viewer_zone()
    out = []
    day = filters.first_day
    if dimension == "week":
        day -= timedelta(days=day.weekday())
    else:
        day = day.replace(day=1)
    while day <= filters.last_day:
        if dimension == "week":
            following = day + timedelta(days=7)
            year, week, _ = day.isocalendar()
            name = f"{year}-W{week:02d}"
        else:
            following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
            name = f"{day.year}-{day.month:02d}"
        start = datetime.combine(max(day, filters.first_day), datetime.min.time(), zone)
        end = datetime.combine(following, datetime.min.time(), zone)
        out.append((name, max(start, filters.start), min(end, filters.end)))
        day = following
    return out


def _bucket_names(dimension: str, filters: Filters) -> list[tuple[str, str]]:
    return [(name, name) for name, _, _ in _buckets(dimension, filters)]
