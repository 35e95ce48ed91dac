"""Exact working-time arithmetic on the local wall-clock timeline, without time zones.

A wall-clock moment is an integer number of microseconds since 1970-01-01 00:00
local time; its day number is ``moment // DAY`` and its time of day ``moment % DAY``.
The calendar maps UTC instants to this timeline one constant-offset segment at a
time (see ``worktime_zone``), so nothing here knows about daylight saving time.

Whole weeks are skipped arithmetically: the working time of a span of days is the
by-weekday count plus the cached differences of its holidays and make-up days, so a
long span costs a few lookups per year crossed, never a walk over its minutes.
"""

from __future__ import annotations

from plugins.sla.worktime_days import DayRules
from plugins.sla.worktime_week import DAY, day_total, find_in_day, worked_between


class WallTimeline:
    """Working time between, and deadlines after, wall-clock moments."""

    def __init__(self, rules: DayRules) -> None:
        self._rules = rules

    def is_working(self, moment: int) -> bool:
        """Whether this wall-clock moment lies inside a working interval [start, end)."""
        number, time_of_day = divmod(moment, DAY)
        return any(start <= time_of_day < end for start, end in self._rules.hours(number))

    def worked(self, since: int, until: int) -> int:
        """Working microseconds between two wall-clock moments (0 if until <= since)."""
        if until <= since:
            return 0
        first, first_time = divmod(since, DAY)
        last, last_time = divmod(until, DAY)
        hours = self._rules.hours
        if first == last:
            return worked_between(hours(first), first_time, last_time)
        return (
            worked_between(hours(first), first_time, DAY)
            + self._rules.whole_days(first + 1, last)
            + worked_between(hours(last), 0, last_time)
        )

    def signed(self, since: int, until: int) -> int:
        """Working microseconds from ``since`` to ``until``; negative if until is earlier."""
        if until < since:
            return -self.worked(until, since)
        return self.worked(since, until)

    def deadline(self, since: int, amount: int) -> int:
        """Earliest wall-clock moment by which ``amount`` working microseconds are done.

        A deadline at the end of an interval is that end. With ``amount == 0`` the
        answer is the next working moment at or after ``since``. The caller checks
        first that the working time exists (``worked`` up to some bound): the search
        below would not end on a timeline without any further working time.
        """
        number, time_of_day = divmod(since, DAY)
        hours = self._rules.hours(number)
        found = find_in_day(hours, time_of_day, amount)
        if found is not None:
            return number * DAY + found
        amount -= worked_between(hours, time_of_day, DAY)
        number += 1
        if amount >= self._rules.week_total:
            number, amount = self._skip_weeks(number, amount)
        days_walked = 0
        while True:
            hours = self._rules.hours(number)
            found = find_in_day(hours, 0, amount)
            if found is not None:
                return number * DAY + found
            amount -= day_total(hours)
            number += 1
            days_walked += 1
            if days_walked % 14 == 0:  # a long closure: jump over it week by week
                number, amount = self._skip_weeks(number, amount)

    def _skip_weeks(self, number: int, amount: int) -> tuple[int, int]:
        """Jump over whole weeks that end before the deadline.

        Returns a day number and the working time still to do from its start, such that
        the deadline falls within the seven days from there. The number of weeks jumped
        is guessed from the normal week, halved when holidays' make-up days would
        overshoot, and doubled across weeks without any working time.
        """
        week = self._rules.week_total
        weeks = max(1, (amount - 1) // week)
        while True:
            worked = self._rules.whole_days(number, number + 7 * weeks)
            if worked >= max(amount, 1):
                if weeks == 1:
                    return number, amount
                weeks //= 2
                continue
            number += 7 * weeks
            amount -= worked
            weeks = max(1, (amount - 1) // week, 2 * weeks if worked == 0 else 1)
