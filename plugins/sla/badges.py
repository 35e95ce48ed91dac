"""SLA badges on lists and records, read from stored clock rows in one query per page.

Time left is working time: each clock stores its deadline on its calendar's working-minute
scale, so a badge needs one subtraction; the scale's "now" is computed once per calendar per
page, never per record.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import get_timezone, to_user_timezone
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, lazyload

from core.db import db, utcnow
from core.entities import EntityType
from core.ui.badges import Badge
from core.ui.dates import date_text, datetime_text, moment_text, time_text, weekday_time_text
from plugins.sla.calendars import work_calendar, work_position
from plugins.sla.labels import status_label
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


def page_clocks(entity_key: str, record_ids: list[int]) -> list[Clock]:
    """The current clocks of these records, if tracking is on for the type: one query."""
    if not record_ids:
        return []
    switched_on = (
        db.select(ModuleSwitch.entity)
        .where(ModuleSwitch.entity == entity_key, ModuleSwitch.enabled.is_(True))
        .exists()
    )
    stmt = (
        db.select(Clock)
        .options(lazyload(Clock.target), lazyload(Clock.policy_version), joinedload(Clock.calendar))
        .where(
            Clock.entity == entity_key,
            Clock.record_id.in_(record_ids),
            Clock.current.is_(True),
            Clock.state != CANCELLED,
            switched_on,
        )
        .order_by(Clock.id)
    )
    return list(db.session.execute(stmt).unique().scalars())


def record_badges(entity: EntityType, records: list[Any]) -> dict[int, list[Badge]]:
    """Badges for every record of a page, most urgent first."""
    clocks = page_clocks(entity.key, [r.id for r in records])
    now = utcnow()
    positions: dict[tuple[int, int], float] = {}
    resumes: dict[tuple[int, int], datetime | None] = {}
    out: dict[int, list[Badge]] = {}
    for clock in clocks:
        key = (clock.calendar_id, clock.calendar.revision)
        if key not in positions and clock.state == "running":
            calendar = work_calendar(clock.calendar)
            positions[key] = work_position(calendar, now)
            resumes[key] = resumes_at(calendar, now)
        out.setdefault(clock.record_id, []).append(
            badge(clock, now, positions.get(key), resumes.get(key))
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
    clock: Clock, now: datetime, position_now: float | None, resumes: datetime | None = None
) -> Badge:
    """The badge of one clock; ``resumes``: when its calendar's working time starts again, if
    it is outside working time now (a running clock then says it waits: "· from Mon 08:00")."""
    status = clock_status(clock.state, now, clock.deadline, clock.warn_at)
    left = left_minutes(clock, position_now)
    deadline = clock.deadline or clock.breached_at
    text = describe(status, left, deadline, now)
    if resumes is not None and status in (ON_TRACK, AT_RISK):
        text = _("%(status)s · from %(when)s", status=text, when=resume_text(resumes, now))
    if clock.excused_at is not None:
        text = _("%(status)s, excused", status=text)
    return Badge(
        source="sla",
        label=f"{clock.target_name}: {text}",
        tone=TONES[status],
        title=deadline_title(clock.deadline),
        urgency=URGENCY[status] * 1_000_000 - max(min(left, 999_999), -999_999),
        data={
            "target": clock.target_name,
            "status": status,
            "deadline": clock.deadline.isoformat() if clock.deadline else None,
        },
        quiet=status == MET,
    )


def describe(
    status: str, left: float, deadline: datetime | None = None, now: datetime | None = None
) -> str:
    """The badge text of a status, with working time left or overdue, in the viewer's language.

    A breach overdue by more than ``LONG_OVERDUE`` says since which day ("breached since
    12/11"); one overdue by less than a working minute (it broke outside working hours) says
    when ("breached at 17:30"); others how long ago in working time ("breached 3h 20m ago").
    """
    if status == ON_TRACK:
        return _("%(time)s left", time=duration(left))
    if status == AT_RISK:
        return _("at risk, %(time)s left", time=duration(left))
    if status == BREACHED:
        return breached_text(-left, deadline, now)
    if status == PAUSED:
        if left < 0:
            return _("paused, %(time)s overdue", time=duration(-left))
        if left < JUST_BREACHED and deadline is not None:
            return _("paused, overdue")
        return _("paused, %(time)s left", time=duration(left))
    return status_label(status)


def breached_text(overdue: float, deadline: datetime | None, now: datetime | None) -> str:
    """ "breached 3h 20m ago", "breached since 12/11" or "breached at 17:30" (see ``describe``)."""
    if deadline is not None and overdue > LONG_OVERDUE:
        return _("breached since %(date)s", date=date_text(deadline, short=True))
    if deadline is not None and overdue < JUST_BREACHED:
        return _("breached at %(time)s", time=moment_text(deadline, now=now))
    return _("breached %(time)s ago", time=duration(overdue))


def round_the_clock(calendar: Calendar) -> bool:
    """Whether a stored calendar counts every hour of every day (24/7, no days off): its
    targets' progress is told in hours, not in working time."""
    week = calendar.week or {}
    return (
        not calendar.country
        and not calendar.holidays
        and all(list(week.get(day) or []) == ["00:00-24:00"] for day in WEEKDAYS)
    )


def resume_text(resume: datetime, now: datetime) -> str:
    """When waiting working time starts, in the viewer's zone and language: "13:30" later
    today, "Mon 08:00" within the week, "08:00 02/02" after a long holiday."""
    if to_user_timezone(resume).date() == to_user_timezone(now).date():
        return time_text(resume)
    if resume - now < timedelta(days=6):
        return weekday_time_text(resume)
    return moment_text(resume, now=now)


def duration(minutes: float) -> str:
    """Working time as "2h 10m" / "2 giờ 10 phút"; days are not used (a working day varies)."""
    total = max(0, int(minutes + 0.5))
    hours, mins = divmod(total, 60)
    if hours and mins:
        return _("%(h)dh %(m)dm", h=hours, m=mins)
    if hours:
        return _("%(h)dh", h=hours)
    return _("%(m)dm", m=mins)


def deadline_title(deadline: datetime | None) -> str:
    if deadline is None:
        return ""
    when = datetime_text(deadline)
    return _("Deadline %(when)s (%(zone)s)", when=when, zone=str(get_timezone()))
