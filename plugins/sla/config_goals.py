"""Whether a target's goal can be reached: its working minutes on its calendar within ten years.

A goal no calendar can reach (more minutes than ten years hold, or a calendar whose days off
leave no working time) would give clocks no deadline, so it is refused when the configuration
is checked, not found when a record is saved. Pure: no Flask, no database.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from plugins.sla.calendars import build
from plugins.sla.worktime import WorkCalendar

#: a goal must be reachable within this many years of working time
HORIZON_YEARS = 10
HORIZON = timedelta(days=round(365.25 * HORIZON_YEARS))
#: more minutes than this are beyond any calendar (working every minute of ten years)
MAX_MINUTES = int(HORIZON.total_seconds()) // 60


def goal_problem(minutes: int, definition: dict | None, now: datetime | None = None) -> str | None:
    """Why ``minutes`` working minutes on the calendar ``definition`` (the import format)
    cannot be a goal, or None. A calendar that cannot be built is reported by its own check."""
    if minutes > MAX_MINUTES:
        return (
            f"{minutes:,} working minutes is more than {HORIZON_YEARS} years of work round the "
            f"clock (at most {MAX_MINUTES:,})"
        )
    if definition is None:
        return None
    try:
        calendar = _calendar(json.dumps(definition, sort_keys=True, default=str))
    except Exception:  # noqa: BLE001 - the calendar's own check names what is wrong with it
        return None
    start = now or datetime.now(UTC)
    name = definition.get("name")
    weeks = HORIZON / timedelta(weeks=1)
    if minutes > 2 * calendar.week_minutes * weeks:  # far beyond: not worth counting
        return _too_long(minutes, name)
    try:
        deadline = calendar.add(start, minutes)
    except (ValueError, OverflowError) as exc:
        return f"calendar {name!r} cannot reach it: {exc}"
    if deadline - start > HORIZON:
        return _too_long(minutes, name)
    return None


def has_working_time(definition: dict, now: datetime | None = None) -> bool:
    """Whether the calendar ``definition`` has any working time in the coming ten years."""
    return goal_problem(1, definition, now) is None


def _too_long(minutes: int, name: str) -> str:
    return f"{minutes:,} working minutes on calendar {name!r} take more than {HORIZON_YEARS} years"


@lru_cache(maxsize=32)
def _calendar(frozen: str) -> WorkCalendar:
    return build(json.loads(frozen))
