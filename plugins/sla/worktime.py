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

Arithmetic is exact, in integer microseconds: whole weeks are skipped arithmetically
on the wall-clock timeline, holidays are looked up in per-year caches, and the zone's
offset changes are accounted for one by one (``add`` walks the pieces of constant
offset between them; ``working_minutes`` counts on the wall clock and corrects each).
Adding 10,000 working hours costs a few times adding 8, not a walk over the hours.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from plugins.sla.worktime_days import DayRules, check_country
from plugins.sla.worktime_wall import WallTimeline
from plugins.sla.worktime_week import DAY, MINUTE, CalendarError, parse_week
from plugins.sla.worktime_zone import ZoneOffsets, from_instant, load_zone, to_instant

__all__ = ["DEFAULT_TIMEZONE", "CalendarError", "WorkCalendar"]

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"

_IDLE_LIMIT = 20 * 366 * DAY
"""A deadline search that finds no working time for this long gives up (never loops)."""

_SHORT = 4
"""Deadlines up to this many normal weeks of work are first sought without counting the
working time left in the current constant-offset segment (up to five years)."""


class WorkCalendar:
    """A business calendar: time zone, weekly working intervals and days off.

    Built once per calendar and reused: public holidays are fetched per year on
    first use and cached. Every invalid setting raises ``CalendarError`` (a
    ``ValueError``) at construction, with a message naming the problem.
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
        self._wall = WallTimeline(self._rules)
        self._offsets = ZoneOffsets(self.zone)

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
        first, stop = to_instant(start, "start"), to_instant(end, "end")
        if stop <= first:
            return 0.0
        offsets, wall = self._offsets, self._wall
        # Count on the wall clock from start to end, then correct each offset change:
        # a jump forward skips wall time that never happens, a jump back repeats some.
        total = wall.signed(first + offsets.offset(first), stop + offsets.offset(stop - 1))
        for instant, before, after in offsets.changes_between(first, stop):
            total += wall.signed(instant + after, instant + before)
        return total / MINUTE

    def is_working(self, instant: datetime) -> bool:
        """Whether an aware instant is working time (interval ends are not)."""
        moment = to_instant(instant)
        return self._wall.is_working(moment + self._offsets.offset(moment))

    def next_working_instant(self, instant: datetime) -> datetime:
        """The first working instant at or after ``instant``, in the calendar's zone."""
        return from_instant(self._deadline(to_instant(instant), 0), self.zone)

    def _deadline(self, instant: int, amount: int) -> int:
        """UTC instant by which ``amount`` working microseconds after ``instant`` are done.

        Walks constant-offset segments of the UTC timeline (five years at most); with
        ``amount == 0``, finds the next working instant.
        """
        idle_since = instant
        while True:
            offset = self._offsets.offset(instant)
            if amount <= _SHORT * self._rules.week_total:
                found = self._deadline_before_change(instant, offset, amount)
                if found is not None:
                    return found
            end = self._offsets.segment_end(instant)
            available = self._wall.worked(instant + offset, end + offset)
            if available >= max(amount, 1):
                return self._wall.deadline(instant + offset, amount) - offset
            amount -= available
            if available:
                idle_since = end
            elif end - idle_since > _IDLE_LIMIT:
                raise CalendarError(
                    f"no working time in the 20 years after {from_instant(idle_since, self.zone)}"
                )
            instant = end

    def _deadline_before_change(self, instant: int, offset: int, amount: int) -> int | None:
        """The deadline if it comes before the next offset change, else None.

        The usual case for short deadlines: it spares counting the working time up to
        the segment's end. A deadline right at a change is kept only if ``amount > 0``
        (the work is done by then); a working moment is read with the offset after it.
        """
        found = self._wall.deadline(instant + offset, amount) - offset
        horizon = found if amount > 0 else found + 1
        if self._offsets.changes_between(instant, horizon):
            return None
        return found


def _minutes_to_microseconds(minutes: float) -> int:
    """Check a number of working minutes and convert it to whole microseconds."""
    if isinstance(minutes, bool) or not isinstance(minutes, int | float):
        raise TypeError(f"minutes must be a number, not {type(minutes).__name__}")
    if isinstance(minutes, float) and not math.isfinite(minutes):
        raise ValueError(f"minutes must be finite, not {minutes}")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    return minutes * MINUTE if isinstance(minutes, int) else round(minutes * MINUTE)
