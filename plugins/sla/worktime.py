"""Working-time calendars: add working minutes to an instant, count them between two.

SLA deadlines are measured in working time: "48 working hours" means hours inside the
company's working intervals, skipping nights, weekends, public holidays and the
company's own days off, and counting official make-up working days. This module is
pure (standard library, ``zoneinfo`` and ``holidays``): no Flask, no database.

Meaning of working time
    An instant is working time when the wall clock of the calendar's zone reads, at
    that instant, a time of day inside one of that local date's intervals, start
    included, end excluded. Interval bounds are wall-clock times, so across daylight
    saving changes:

    * a bound that does not exist (in a spring-forward gap) is reached at the change:
      in Berlin, "02:30-04:00" on the spring-forward day is the hour 03:00-04:00, and
      "00:00-24:00" that day holds 23 hours;
    * wall-clock times that occur twice (in a fall-back fold) are worked both times:
      "02:00-03:00" on Berlin's fall-back day holds two hours, "00:00-24:00" 25 hours.

    So a 24/7 calendar ("00:00-24:00" every day) counts elapsed time in any zone.
    Results are aware datetimes in the calendar's zone; one inside a repeated hour
    never compares equal to a datetime of another zone (PEP 495): compare instants
    in UTC.

Which dates have which hours: see ``worktime_days`` (company days off, then company
workdays, then public holidays, then the country's make-up working days, then the
weekday; a make-up or extra working day has a usual working day's hours, never fewer
than its own weekday's).

Arithmetic is exact, in integer microseconds, on the calendar's working-time scale
(``worktime_scale``): every instant has a position, the working time done since a fixed
start, read from cached tables of UTC working spans and their running totals. So
``working_minutes(a, b)`` is position(b) − position(a) and ``add(t, m)`` the instant at
position(t) + m: a few dictionary lookups and bisects, the same for 10,000 working hours
as for 8. The tables are built per 256 days and per 11 years on first use.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from plugins.sla.worktime_days import DayRules, check_country
from plugins.sla.worktime_scale import WorkScale
from plugins.sla.worktime_week import MINUTE, CalendarError, parse_week
from plugins.sla.worktime_zone import (
    ONE_MICROSECOND,
    UNIX_EPOCH,
    ZoneOffsets,
    from_instant,
    load_zone,
    to_instant,
)

__all__ = ["DEFAULT_TIMEZONE", "CalendarError", "WorkCalendar"]

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

_SHORT = 4
"""Deadlines up to this many normal weeks of work are first sought in the 256 days of the
start's own table, without the table of its 11 years (0: always use the latter)."""


class WorkCalendar:
    """A business calendar: time zone, weekly working intervals and days off.

    Built once per calendar and reused: public holidays are fetched per year, and the
    tables of the working-time scale built, on first use and cached on the object.
    A calendar never changes: other settings make another ``WorkCalendar``. Every
    invalid setting raises ``CalendarError`` (a ``ValueError``) at construction, with a
    message naming the problem.
    """

    def __init__(
        self,
        *,
        timezone: str | ZoneInfo = DEFAULT_TIMEZONE,
        week: Mapping[int, Sequence[str]],
        country: str | None = None,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
    ) -> None:
        """Check and store the calendar's settings.

        ``week`` maps weekdays (Monday = 0 .. Sunday = 6) to "HH:MM-HH:MM" intervals
        ("24:00" may end one); ``country`` is an ISO code of the ``holidays`` package
        (public holidays and official make-up working days) or None; ``holidays`` and
        ``workdays`` are the company's own days off and extra working days.
        """
        self.zone: ZoneInfo = load_zone(timezone)
        check_country(country)
        self.country = country
        self._rules = DayRules(parse_week(week), country, holidays, workdays)
        self._scale = WorkScale(self._rules, ZoneOffsets(self.zone))

    @property
    def week_minutes(self) -> float:
        """Working minutes of a normal week (no holidays, no clock change)."""
        return self._rules.week_total / MINUTE

    def add(self, start: datetime, minutes: float) -> datetime:
        """The instant at which ``minutes`` working minutes after ``start`` are done.

        ``start`` must be aware; the answer is in the calendar's zone. A deadline at
        the end of an interval is that end (11:00 + 60 min = 12:00, not 13:30 after
        lunch). ``add(start, 0)`` is ``start`` (the same instant), even outside working
        time; use ``next_working_instant`` for the next opening. Minutes may be
        fractional (microsecond precision); negative minutes raise ``ValueError``.
        """
        instant = to_instant(start, "start")
        amount = _minutes_to_microseconds(minutes)
        if amount == 0:
            return start.astimezone(self.zone)
        return from_instant(self._deadline(instant, amount), self.zone)

    def working_minutes(self, start: datetime, end: datetime) -> float:
        """Working minutes between two aware instants, exactly; 0 if end <= start."""
        try:  # to_instant's usual case, inlined: this is the hot path of badges and reports
            first = (start - UNIX_EPOCH) // ONE_MICROSECOND
            stop = (end - UNIX_EPOCH) // ONE_MICROSECOND
        except TypeError:
            first, stop = to_instant(start, "start"), to_instant(end, "end")
        if stop <= first:
            return 0.0
        return self._scale.between(first, stop) / MINUTE

    def is_working(self, instant: datetime) -> bool:
        """Whether an aware instant is working time (interval ends are not)."""
        return self._scale.is_working(to_instant(instant))

    def next_working_instant(self, instant: datetime) -> datetime:
        """The first working instant at or after ``instant``, in the calendar's zone."""
        # One working microsecond is done just after the first working instant.
        return from_instant(self._deadline(to_instant(instant), 1) - 1, self.zone)

    def _deadline(self, instant: int, amount: int) -> int:
        """UTC instant by which ``amount`` (> 0) working microseconds after ``instant`` are done."""
        near = amount <= _SHORT * self._rules.week_total
        return self._scale.deadline(instant, amount, near_first=near)


def _minutes_to_microseconds(minutes: float) -> int:
    """Check a number of working minutes and convert it to whole microseconds."""
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise TypeError(f"minutes must be a number, not {type(minutes).__name__}")
    if isinstance(minutes, float) and not math.isfinite(minutes):
        raise ValueError(f"minutes must be finite, not {minutes}")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    return minutes * MINUTE if isinstance(minutes, int) else round(minutes * MINUTE)
