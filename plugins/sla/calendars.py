"""Stored calendars as working-time calculators, cached per process by (id, revision)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from plugins.sla.models import Calendar
from plugins.sla.models.calendar import WEEKDAYS
from plugins.sla.worktime import WorkCalendar

#: the origin of the working-minute scale on which clocks store their deadlines
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def week_by_index(week: dict) -> dict[int, list[str]]:
    """``{"mon": [...]}`` as ``{0: [...]}`` (Monday = 0)."""
    return {WEEKDAYS.index(day): list(spans) for day, spans in (week or {}).items() if spans}


def build(definition: dict) -> WorkCalendar:
    """A WorkCalendar from an import/export style definition (raises CalendarError)."""
    from datetime import date

    return WorkCalendar(
        timezone=definition.get("timezone") or "Asia/Ho_Chi_Minh",
        week=week_by_index(definition.get("week") or {}),
        country=definition.get("country") or None,
        holidays=[date.fromisoformat(d) for d in definition.get("holidays") or []],
        workdays=[date.fromisoformat(d) for d in definition.get("workdays") or []],
    )


@lru_cache(maxsize=64)
def _cached(calendar_id: int, revision: int, frozen: str) -> WorkCalendar:
    import json

    return build(json.loads(frozen))


def work_calendar(calendar: Calendar) -> WorkCalendar:
    """The calculator of a stored calendar (built once per revision)."""
    import json

    frozen = json.dumps(calendar.definition(), sort_keys=True)
    return _cached(calendar.id, calendar.revision, frozen)


def work_position(calendar: WorkCalendar, instant: datetime) -> float:
    """``instant`` on the calendar's working-minute scale (working minutes since EPOCH)."""
    return calendar.working_minutes(EPOCH, instant)
