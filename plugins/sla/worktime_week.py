"""Weekly working hours of a calendar: parsing and checking "HH:MM-HH:MM" intervals.

Times of day are kept as integer microseconds since local midnight, so that all
working-time arithmetic is exact integer arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

SECOND = 1_000_000
MINUTE = 60 * SECOND
DAY = 24 * 60 * MINUTE

Span = tuple[int, int]
"""A working interval of one day: [start, end) in microseconds since local midnight."""

DayHours = tuple[Span, ...]
"""The working intervals of one day, sorted and not overlapping."""

Week = tuple[DayHours, ...]
"""Working intervals for Monday (index 0) to Sunday (index 6)."""

_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class CalendarError(ValueError):
    """A working-time calendar was given settings that cannot describe working time."""


def parse_week(week: Mapping[int, Sequence[str]]) -> Week:
    """Turn ``{weekday: ["08:00-12:00", ...]}`` (Monday = 0) into checked day hours.

    Weekdays missing from the mapping have no working time. A week without any
    working interval is rejected: such a calendar could never reach a deadline.
    """
    if not isinstance(week, Mapping):
        raise CalendarError(
            "week must map weekdays (0 = Monday .. 6 = Sunday) to lists of 'HH:MM-HH:MM' intervals"
        )
    days: list[DayHours] = [()] * 7
    for weekday, texts in week.items():
        if type(weekday) is not int or not 0 <= weekday <= 6:
            raise CalendarError(f"weekday key {weekday!r} is outside 0..6 (0 = Monday, 6 = Sunday)")
        days[weekday] = parse_day(weekday, texts)
    if not any(days):
        raise CalendarError(
            "the week has no working interval: a calendar needs working time on at least one "
            "weekday (make-up working days use a working weekday's hours, so they cannot "
            "replace it)"
        )
    return tuple(days)


def parse_day(weekday: int, texts: Sequence[str]) -> DayHours:
    """Parse and check the intervals of one weekday: each well formed, none overlapping."""
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise CalendarError(
            f"weekday {weekday}: give a list of 'HH:MM-HH:MM' intervals, not {texts!r}"
        )
    spans = sorted(parse_interval(text) for text in texts)
    for earlier, later in zip(spans, spans[1:], strict=False):
        if later[0] < earlier[1]:
            raise CalendarError(
                f"weekday {weekday}: intervals {format_span(earlier)} and "
                f"{format_span(later)} overlap"
            )
    return tuple(spans)


def parse_interval(text: str) -> Span:
    """Parse one "HH:MM-HH:MM" interval; "24:00" is allowed as an end (midnight after)."""
    match = _INTERVAL.match(text) if isinstance(text, str) else None
    if match is None:
        raise CalendarError(f"interval {text!r} is not of the form 'HH:MM-HH:MM'")
    start = _time_of_day(text, match[1], match[2], may_be_24=False)
    end = _time_of_day(text, match[3], match[4], may_be_24=True)
    if start >= end:
        raise CalendarError(f"interval {text!r} does not end after it starts")
    return start, end


def _time_of_day(text: str, hours: str, minutes: str, *, may_be_24: bool) -> int:
    """Microseconds since midnight of one "HH:MM" part of an interval."""
    hour, minute = int(hours), int(minutes)
    if hour == 24 and minute == 0:
        if may_be_24:
            return DAY
        raise CalendarError(f"interval {text!r}: 24:00 may only end an interval")
    if hour > 23 or minute > 59:
        raise CalendarError(f"interval {text!r} has an invalid time of day {hours}:{minutes}")
    return (hour * 60 + minute) * MINUTE


def format_span(span: Span) -> str:
    """Show a parsed interval as "HH:MM-HH:MM" again (for messages)."""
    return "-".join(f"{value // (60 * MINUTE):02d}:{value // MINUTE % 60:02d}" for value in span)


def day_total(hours: DayHours) -> int:
    """Working microseconds of a whole day with these hours."""
    return sum(end - start for start, end in hours)
