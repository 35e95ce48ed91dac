"""SLA badges on lists and records, read from stored clock rows in one query per page.

Time left is working time: each clock stores its deadline on its calendar's working-minute
scale, so a badge needs one subtraction; the scale's "now" is computed once per calendar per
page, never per record.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, Text, bindparam, cast, select

from core.db import db, utcnow
from core.entities import EntityType
from core.ui.badges import Badge
from core.ui.dates import local
from plugins.sla.badge_words import PageWords
from plugins.sla.calendars import work_calendar, work_position
from plugins.sla.models import Calendar, Clock, ModuleSwitch
from plugins.sla.models.calendar import WEEKDAYS
from plugins.sla.models.clock import CANCELLED
from plugins.sla.status import (
    AT_RISK,
    BREACHED,
    MET,
    ON_TRACK,
    PAUSED,
    TONES,
    URGENCY,
    clock_status,
)
from plugins.sla.worktime import WorkCalendar

#: overdue by more than this (working minutes), a breach says since which day it is late
LONG_OVERDUE = 24 * 60
#: overdue by less than this (working minutes: outside working hours), it says when it broke
JUST_BREACHED = 1


#: what a badge reads of a clock (a page loads these columns, not whole clocks)
BADGE_COLUMNS = (
    Clock.id,
    Clock.record_id,
    Clock.calendar_id,
    Clock.target_name,
    Clock.state,
    Clock.goal_minutes,
    Clock.spent_minutes,
    Clock.deadline,
    Clock.deadline_work,
    Clock.warn_at,
    Clock.breached_at,
    Clock.excused_at,
)
#: a calendar's JSON columns come as text, decoded once per calendar, not once per row
CALENDAR_TEXT = ("week", "holidays", "workdays")


def _page_clocks_query() -> Select:
    """The statement of ``page_clocks``, built once: the type and the record ids are bound
    at each call (building and keying a statement per page cost more than running it)."""
    entity = bindparam("entity")
    switched_on = (
        select(ModuleSwitch.entity)
        .where(ModuleSwitch.entity == entity, ModuleSwitch.enabled.is_(True))
        .exists()
    )
    return (
        select(
            *BADGE_COLUMNS,
            Calendar.revision,
            Calendar.name.label("calendar_name"),
            Calendar.timezone,
            Calendar.country,
            *(cast(getattr(Calendar, name), Text).label(name) for name in CALENDAR_TEXT),
        )
        .join(Calendar, Calendar.id == Clock.calendar_id)
        .where(
            Clock.entity == entity,
            Clock.record_id.in_(bindparam("ids", expanding=True)),
            Clock.current.is_(True),
            Clock.state != CANCELLED,
            switched_on,
        )
        .order_by(Clock.id)
    )


PAGE_CLOCKS = _page_clocks_query()


def page_clocks(entity_key: str, record_ids: list[int]) -> list[Any]:
    """The current clocks of these records, if tracking is on for the type: one query, of
    the columns a badge reads (``BADGE_COLUMNS``) and their calendar's (its JSON as text),
    run on the session's connection (plain rows: nothing for the ORM to load)."""
    if not record_ids:
        return []
    connection = db.session.connection()
    return list(connection.execute(PAGE_CLOCKS, {"entity": entity_key, "ids": record_ids}))


def row_calendar(row: Any) -> Calendar:
    """The calendar of a ``page_clocks`` row (not in the session; for ``work_calendar``)."""
    return Calendar(
        id=row.calendar_id,
        revision=row.revision,
        name=row.calendar_name,
        timezone=row.timezone,
        country=row.country,
        **{name: json.loads(getattr(row, name) or "null") for name in CALENDAR_TEXT},
    )


def record_badges(entity: EntityType, records: list[Any]) -> dict[int, list[Badge]]:
    """Badges for every record of a page, most urgent first (the viewer's words and zone read
    once for the page: ``PageWords``; each calendar's position once)."""
    clocks = page_clocks(entity.key, [r.id for r in records])
    if not clocks:
        return {}
    now = utcnow()
    words = PageWords()
    positions: dict[tuple[int, int], float] = {}
    resumes: dict[tuple[int, int], datetime | None] = {}
    out: dict[int, list[Badge]] = {}
    for clock in clocks:
        key = (clock.calendar_id, clock.revision)
        if key not in positions and clock.state == "running":
            calendar = work_calendar(row_calendar(clock))
            positions[key] = work_position(calendar, now)
            resumes[key] = resumes_at(calendar, now)
        out.setdefault(clock.record_id, []).append(
            badge(clock, now, positions.get(key), resumes.get(key), words)
        )
    for badges in out.values():
        badges.sort(key=lambda b: -b.urgency)
    return out


def left_minutes(clock: Clock, position_now: float | None) -> float:
    """Working minutes left (negative when overdue)."""
    if clock.state == "running" and clock.deadline_work is not None and position_now is not None:
        return clock.deadline_work - position_now
    return clock.goal_minutes - clock.spent_minutes


def resumes_at(calendar: WorkCalendar, now: datetime) -> datetime | None:
    """When the calendar's working time starts again, if ``now`` is outside it; else None.
    O(1) (the calendar's working-time scale): computed once per calendar per page."""
    resume = calendar.next_working_instant(now)
    return resume if resume - now >= timedelta(minutes=1) else None


def badge(
    clock: Clock,
    now: datetime,
    position_now: float | None,
    resumes: datetime | None = None,
    words: PageWords | None = None,
) -> Badge:
    """The badge of one clock; ``resumes``: when its calendar's working time starts again, if
    it is outside working time now (a running clock then says it waits: "· from Mon 08:00");
    ``words``: the page's (read here when not given)."""
    words = words or PageWords()
    status = clock_status(clock.state, now, clock.deadline, clock.warn_at)
    left = left_minutes(clock, position_now)
    deadline = clock.deadline or clock.breached_at
    text = describe(status, left, deadline, now, words)
    if resumes is not None and status in (ON_TRACK, AT_RISK):
        when = resume_text(resumes, now, words)
        text = words._("%(status)s · from %(when)s", status=text, when=when)
    if clock.excused_at is not None:
        text = words._("%(status)s, excused", status=text)
    return Badge(
        source="sla",
        label=f"{clock.target_name}: {text}",
        tone=TONES[status],
        title=deadline_title(clock.deadline, words),
        urgency=URGENCY[status] * 1_000_000 - max(min(left, 999_999), -999_999),
        data={
            "target": clock.target_name,
            "status": status,
            "deadline": clock.deadline.isoformat() if clock.deadline else None,
        },
        quiet=status == MET,
    )


def describe(
    status: str,
    left: float,
    deadline: datetime | None = None,
    now: datetime | None = None,
    words: PageWords | None = None,
) -> str:
    """The badge text of a status, with working time left or overdue, in the viewer's language.

    A breach overdue by more than ``LONG_OVERDUE`` says since which day ("breached since
    12/11"); one overdue by less than a working minute (it broke outside working hours) says
    when ("breached at 17:30"); others how long ago in working time ("breached 3h 20m ago").
    """
    words = words or PageWords()
    if status == ON_TRACK:
        return words._("%(time)s left", time=duration(left, words))
    if status == AT_RISK:
        return words._("at risk, %(time)s left", time=duration(left, words))
    if status == BREACHED:
        return breached_text(-left, deadline, now, words)
    if status == PAUSED:
        if left < 0:
            return words._("paused, %(time)s overdue", time=duration(-left, words))
        if left < JUST_BREACHED and deadline is not None:
            return words._("paused, overdue")
        return words._("paused, %(time)s left", time=duration(left, words))
    return words.status(status)


def breached_text(
    overdue: float,
    deadline: datetime | None,
    now: datetime | None,
    words: PageWords | None = None,
) -> str:
    """ "breached 3h 20m ago", "breached since 12/11" or "breached at 17:30" (see ``describe``)."""
    words = words or PageWords()
    if deadline is not None and overdue > LONG_OVERDUE:
        return words._("breached since %(date)s", date=words.date(deadline, short=True))
    if deadline is not None and overdue < JUST_BREACHED:
        return words._("breached at %(time)s", time=words.moment(deadline, now))
    return words._("breached %(time)s ago", time=duration(overdue, words))


def round_the_clock(calendar: Calendar) -> bool:
    """Whether a stored calendar counts every hour of every day (24/7, no days off): its
    targets' progress is told in hours, not in working time."""
    week = calendar.week or {}
    return (
        not calendar.country
        and not calendar.holidays
        and all(list(week.get(day) or []) == ["00:00-24:00"] for day in WEEKDAYS)
    )


def resume_text(resume: datetime, now: datetime, words: PageWords | None = None) -> str:
    """When waiting working time starts, in the viewer's zone and language: "13:30" later
    today, "Mon 08:00" within the week, "08:00 02/02" after a long holiday."""
    words = words or PageWords()
    if local(resume, words.zone).date() == local(now, words.zone).date():
        return words.time(resume)
    if resume - now < timedelta(days=6):
        return words.weekday_time(resume)
    return words.moment(resume, now)


def duration(minutes: float, words: PageWords | None = None) -> str:
    """Working time as "2h 10m" / "2 giờ 10 phút"; days are not used (a working day varies)."""
    words = words or PageWords()
    total = max(0, int(minutes + 0.5))
    hours, mins = divmod(total, 60)
    if hours and mins:
        return words._("%(h)dh %(m)dm", h=hours, m=mins)
    if hours:
        return words._("%(h)dh", h=hours)
    return words._("%(m)dm", m=mins)


def deadline_title(deadline: datetime | None, words: PageWords | None = None) -> str:
    """The tooltip of a badge: its deadline in the viewer's zone, naming the zone."""
    if deadline is None:
        return ""
    words = words or PageWords()
    when = words.datetime(deadline)
    return words._("Deadline %(when)s (%(zone)s)", when=when, zone=str(words.zone))
