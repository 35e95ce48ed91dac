"""Time in the demo company: its working hours, and back-dating demo records onto them.

Demo records are created and moved only inside working hours — Monday to Friday, 08:00–12:00
and 13:30–17:30 in Asia/Ho_Chi_Minh, public holidays in Vietnam excepted — with plausible gaps
between the steps, and every step before the instant the demo is loaded. The SLA plugin
replays audit trails on the same hours, so the demo's clocks, breaches included, look lived-in.

The working-time functions are pure. ``backdate`` moves what the service functions wrote (the
audit trail, ``created_at``) to the planned instants, in the loading transaction.

Every plugin's demo uses it (``from core import demo_time``), so all demo records share one
calendar of activity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
#: the working intervals of a working day, local time
HOURS = ((time(8, 0), time(12, 0)), (time(13, 30), time(17, 30)))
#: working minutes in a working day
DAY = 480
#: steps squeezed in before "now" use at most this share of the working time left
ROOM = 0.95


@lru_cache(maxsize=16)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.VN(years=year, language="en_US"))


def is_workday(day: date) -> bool:
    """Monday to Friday, and not a public holiday in Vietnam."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def intervals(day: date) -> list[tuple[datetime, datetime]]:
    """The working intervals of ``day`` as aware instants (none on a day off)."""
    if not is_workday(day):
        return []
    return [(datetime.combine(day, s, ZONE), datetime.combine(day, e, ZONE)) for s, e in HOURS]


def is_working(at: datetime) -> bool:
    """Whether ``at`` falls inside working hours (an interval's end is not inside)."""
    local = at.astimezone(ZONE)
    return any(start <= local < end for start, end in intervals(local.date()))


def add(start: datetime, minutes: float) -> datetime:
    """The instant ``minutes`` of working time after ``start``; from a moment off work the count
    starts at the next working moment. The answer is always inside working hours."""
    left = timedelta(minutes=max(minutes, 0.0))
    local = start.astimezone(ZONE)
    day = local.date()
    while True:
        for begin, end in intervals(day):
            if end <= local:
                continue
            begin = max(begin, local)
            if left < end - begin:
                return (begin + left).astimezone(UTC)
            left -= end - begin
        day += timedelta(days=1)


def subtract(end: datetime, minutes: float) -> datetime:
    """The instant ``minutes`` of working time before ``end``; from a moment off work the count
    starts at the last working moment. The answer is always inside working hours."""
    left = timedelta(minutes=max(minutes, 0.0))
    local = end.astimezone(ZONE)
    day = local.date()
    while True:
        for begin, finish in reversed(intervals(day)):
            if begin >= local:
                continue
            stop = min(finish, local)
            if left <= stop - begin:
                found = stop - left
                if found >= finish:  # nothing to subtract from the end of an interval
                    found = finish - timedelta(seconds=1)
                return found.astimezone(UTC)
            left -= stop - begin
        day -= timedelta(days=1)


def minutes_between(start: datetime, end: datetime) -> float:
    """Working minutes from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0.0
    first, last = start.astimezone(ZONE), end.astimezone(ZONE)
    total = timedelta()
    day = first.date()
    while day <= last.date():
        for begin, finish in intervals(day):
            overlap = min(finish, last) - max(begin, first)
            if overlap > timedelta():
                total += overlap
        day += timedelta(days=1)
    return total.total_seconds() / 60


def last_working(now: datetime) -> datetime:
    """The last working moment at or before ``now`` (``now`` itself inside working hours)."""
    if is_working(now):
        return now
    return subtract(now, 0)


def time_off(now: datetime) -> timedelta:
    """How long the company has been off work at ``now``: nothing inside working hours, an
    evening on a weekday, two days and more on a Monday morning or through Tết."""
    return now - last_working(now)


#: off work this long, the company is on a day off: the warehouse cleared the week's work first
DAY_OFF = timedelta(hours=16)


def on_day_off(now: datetime) -> bool:
    """Whether ``now`` falls on a weekend or holiday break rather than a working day's evening."""
    return time_off(now) > DAY_OFF


def day_start(day: date) -> datetime:
    """The first working moment on or after the morning of ``day``."""
    return add(datetime.combine(day, time(0), ZONE), 0)


def steps(start: datetime, gaps: Iterable[float], latest: datetime) -> list[datetime]:
    """The instants of successive steps after ``start``, each ``gaps[i]`` working minutes after
    the one before, squeezed in proportion when they would not all end before ``latest``."""
    gaps = list(gaps)
    total = sum(gaps)
    room = minutes_between(start, latest) * ROOM
    scale = min(1.0, room / total) if total else 1.0
    instants, at = [], start
    for gap in gaps:
        at = add(at, gap * scale)
        instants.append(at)
    return instants


@dataclass
class Timeline:
    """When each service call on one record happened, in call order: its creation first, then
    each transition or update that wrote an audit line."""

    entity: str
    record: Any
    instants: list[datetime] = field(default_factory=list)


def backdate(timelines: Iterable[Timeline]) -> None:
    """Give each record its planned creation time (``created_at`` where it has one) and each of
    its audit lines, in the order they were written, its planned instant."""
    from core.db import db
    from core.models import AuditEntry

    timelines = [t for t in timelines if t.instants]
    if not timelines:
        return
    db.session.flush()
    by_key = {(t.entity, t.record.id): t for t in timelines}
    for timeline in timelines:
        if hasattr(timeline.record, "created_at"):
            timeline.record.created_at = timeline.instants[0]
    entries = db.session.execute(
        select(AuditEntry)
        .where(
            AuditEntry.entity.in_({t.entity for t in timelines}),
            AuditEntry.record_id.in_({t.record.id for t in timelines}),
        )
        .order_by(AuditEntry.id)
    ).scalars()
    seen: dict[tuple[str, int], int] = {}
    for entry in entries:
        key = (entry.entity, entry.record_id)
        timeline = by_key.get(key)
        if timeline is None:
            continue
        position = seen.get(key, 0)
        seen[key] = position + 1
        if position < len(timeline.instants):
            entry.at = timeline.instants[position]
    db.session.flush()
