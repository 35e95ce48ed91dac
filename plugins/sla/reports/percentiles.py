"""Time to meet against the goal: the working minutes met clocks used, per target and goal.

For the clocks of a report that were met (on time or late, not excused): how many, the median
and the 90th percentile of their working minutes, and the goal beside them. Percentiles are
continuous (linear between the two nearest values, as PostgreSQL's ``percentile_cont``): on
PostgreSQL that function, in one grouped query; elsewhere one query that numbers each group's
values in order (a window) and returns only the two values around each percentile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import Float, Integer, cast, func, not_, or_

from core.db import db
from plugins.sla.models import Clock
from plugins.sla.models.clock import MET, MET_LATE
from plugins.sla.reports.filters import Filters
from plugins.sla.reports.scope import Scope

LEVELS = (0.5, 0.9)


@dataclass
class TimeToMeet:
    """One target (at one goal): met clocks, median and p90 of minutes used, the goal."""

    entity: str
    target: str
    goal: int
    met: int
    median: float | None
    p90: float | None
    label: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "target": self.target,
            "label": self.label,
            "goal_minutes": self.goal,
            "met": self.met,
            "median_minutes": _round(self.median),
            "p90_minutes": _round(self.p90),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def time_to_meet(filters: Filters, scope: Scope) -> list[TimeToMeet]:
    """One row per (record type, target, goal) with met clocks in the report."""
    from plugins.sla.reports.figures import clock_conditions

    conditions = [
        *clock_conditions(filters, scope),
        Clock.state.in_((MET, MET_LATE)),
        not_(Clock.excused_at.is_not(None)),
    ]
    keys = [Clock.entity, Clock.target_name, Clock.goal_minutes]
    if db.engine.dialect.name == "postgresql":
        found = _postgresql(keys, conditions)
    else:
        found = _by_window(keys, conditions)
    registry = current_app.extensions["nhip"].entities
    for row in found:
        kind = str(registry.get(row.entity).label_plural) if row.entity in registry else row.entity
        row.label = f"{row.target} ({kind})"
    return sorted(found, key=lambda r: (r.label.lower(), r.goal))


def _postgresql(keys: list, conditions: list) -> list[TimeToMeet]:
    """Both percentiles from one ``percentile_cont(ARRAY[...])``: each group's minutes are
    sorted once, not once per percentile (a year of a busy desk is a million clocks).

    An ordered-set aggregate groups by sorting every row by the group's columns first; the
    type and target names are compared byte by byte there (``COLLATE "C"``: the groups are
    the same, only their order differs, and the rows are sorted by their labels after) rather
    than by the database's language rules, which cost about 40 % of a year's report."""
    from sqlalchemy.dialects.postgresql import ARRAY, array

    keys = [key.collate("C") if key.type.python_type is str else key for key in keys]
    levels = func.percentile_cont(array(LEVELS), type_=ARRAY(Float)).within_group(
        Clock.spent_minutes
    )
    rows = db.session.execute(
        db.select(*keys, func.count(Clock.id), levels).where(*conditions).group_by(*keys)
    ).all()
    return [TimeToMeet(e, t, int(g), int(n), *found) for e, t, g, n, found in rows]


def _by_window(keys: list, conditions: list) -> list[TimeToMeet]:
    numbered = (
        db.select(
            *keys,
            Clock.spent_minutes.label("spent"),
            func.row_number().over(partition_by=keys, order_by=Clock.spent_minutes).label("rn"),
            func.count(Clock.id).over(partition_by=keys).label("n"),
        )
        .where(*conditions)
        .subquery()
    )
    near = []
    for p in LEVELS:
        low = cast((numbered.c.n - 1) * p, Integer)  # whole part of a positive number
        near += [numbered.c.rn - 1 == low, numbered.c.rn - 1 == low + 1]
    rows = db.session.execute(db.select(numbered).where(or_(*near)).order_by(numbered.c.rn)).all()
    groups: dict[tuple, dict] = {}
    for entity, target, goal, spent, rn, n in rows:
        group = groups.setdefault((entity, target, int(goal)), {"n": int(n), "values": {}})
        group["values"][int(rn) - 1] = float(spent)
    out = []
    for (entity, target, goal), group in groups.items():
        median, p90 = (_continuous(group["values"], group["n"], p) for p in LEVELS)
        out.append(TimeToMeet(entity, target, goal, group["n"], median, p90))
    return out


def _continuous(values: dict[int, float], n: int, p: float) -> float:
    """The continuous percentile ``p`` of ``n`` sorted values, given those around it."""
    position = (n - 1) * p
    low = math.floor(position)
    if low + 1 >= n:
        return values[low]
    return values[low] + (position - low) * (values[low + 1] - values[low])
