"""The levels of a target's escalation ladder and the instants a clock reaches them. Pure.

A level sits at a percentage of the goal (50 = half the working time used, 100 = the deadline,
150 = half the goal again past it). Levels fire in order, once per clock cycle, only while the
clock runs: a paused clock's levels wait, a met or cancelled clock's never fire. Reaching 100 %
is the breach: when no level is configured there, the ladder still has one that tells the
responsible person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plugins.sla.worktime import WorkCalendar

BREACH = 100.0
#: what the breach does when the policy configures no level at 100 %
TELL_RESPONSIBLE = ({"type": "notify", "to": ["responsible"]},)


@dataclass(frozen=True)
class Level:
    """One rung: ``percent`` of the goal and the ``actions`` it runs (their configurations)."""

    percent: float
    actions: tuple[dict, ...]

    @property
    def is_breach(self) -> bool:
        return self.percent >= BREACH


def ladder(escalations: list[dict] | None) -> list[Level]:
    """A target's configured levels (``[{"at": 150, "actions": [...]}, ...]``) in order, with
    the breach level added when none is configured at 100 %."""
    levels: dict[float, Level] = {}
    for item in escalations or []:
        percent = float(item.get("at", BREACH))
        levels[percent] = Level(percent, tuple(item.get("actions") or ()))
    levels.setdefault(BREACH, Level(BREACH, TELL_RESPONSIBLE))
    return [levels[p] for p in sorted(levels)]


def reached_at(
    calendar: WorkCalendar, resumed_at: datetime, goal: float, spent: float, percent: float
) -> datetime:
    """When a clock running since ``resumed_at`` with ``spent`` working minutes already used
    reaches ``percent`` of ``goal`` (``resumed_at`` itself when it already has)."""
    need = goal * percent / 100 - spent
    return calendar.add(resumed_at, need) if need > 0 else resumed_at


def pending(levels: list[Level], fired_percent: float | None) -> list[Level]:
    """The levels not fired yet in this cycle (levels fire in order)."""
    if fired_percent is None:
        return list(levels)
    return [level for level in levels if level.percent > fired_percent]


def next_level_at(clock: Any, calendar: WorkCalendar) -> datetime | None:
    """When the running ``clock`` reaches its next level not yet fired (possibly in the past:
    then it is due now), or None when every level fired."""
    waiting = pending(ladder(clock.target.escalations), clock.fired_percent)
    if not waiting:
        return None
    return reached_at(
        calendar, clock.resumed_at, clock.goal_minutes, clock.spent_minutes, waiting[0].percent
    )


def last_passed(clock: Any, calendar: WorkCalendar, until: datetime) -> float | None:
    """The highest level not fired yet that the running ``clock`` reached by ``until`` (its
    percent), or the clock's ``fired_percent`` when it reached none."""
    reached = clock.fired_percent
    for level in pending(ladder(clock.target.escalations), clock.fired_percent):
        at = reached_at(
            calendar, clock.resumed_at, clock.goal_minutes, clock.spent_minutes, level.percent
        )
        if at > until:
            break
        reached = level.percent
    return reached
