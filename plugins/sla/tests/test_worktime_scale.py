"""The working-time scale: cached tables answer any span, exactly, at the same cost."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from plugins.sla.worktime import CalendarError, WorkCalendar
from plugins.sla.worktime_days import DayRules
from plugins.sla.worktime_scale import CHUNK, ERA_CHUNKS

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE_WEEK = {weekday: ["08:00-12:00", "13:00-17:00"] for weekday in range(5)}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ERA = timedelta(microseconds=CHUNK * ERA_CHUNKS)
"""About 2.8 years: the tables' largest unit."""


def berlin_office() -> WorkCalendar:
    return WorkCalendar(timezone="Europe/Berlin", week=OFFICE_WEEK, country="DE")


def boundaries_between(first: datetime, last: datetime) -> list[datetime]:
    """Every chunk start between two instants, with instants just around each."""
    chunk = timedelta(microseconds=CHUNK)
    number = (first - EPOCH) // chunk + 1
    found = []
    while EPOCH + number * chunk < last:
        start = EPOCH + number * chunk
        found += [start - timedelta(minutes=7), start, start + timedelta(hours=9, minutes=1)]
        number += 1
    return found


def test_counts_add_up_across_table_boundaries_in_a_daylight_saving_zone():
    calendar = berlin_office()
    era_start = EPOCH + (datetime(2026, 1, 1, tzinfo=UTC) - EPOCH) // ERA * ERA
    first, last = era_start - 3.4 * ERA, era_start + 1.3 * ERA  # about 13 years
    points = [first, *boundaries_between(first, last), last]
    whole = calendar.working_minutes(points[0], points[-1])
    pieces = sum(calendar.working_minutes(a, b) for a, b in zip(points, points[1:], strict=False))
    assert whole == pieces
    years = (points[-1] - points[0]) / timedelta(days=365.25)
    assert 240 * years * 8 * 60 < whole < 255 * years * 8 * 60  # ~250 working days a year


def test_add_inverts_working_minutes_at_every_table_boundary():
    calendar = berlin_office()
    start = datetime(2021, 3, 26, 16, 30, tzinfo=BERLIN)
    for point in boundaries_between(start, start + 2.5 * ERA):
        minutes = calendar.working_minutes(start, point)
        deadline = calendar.add(start, minutes)
        assert deadline <= point
        assert calendar.working_minutes(start, deadline) == minutes
        assert calendar.working_minutes(deadline, point) == 0


def test_a_warm_calendar_answers_long_spans_without_reading_any_day(monkeypatch):
    calendar = berlin_office()
    start = datetime(2026, 5, 4, 9, tzinfo=BERLIN)
    deadline = calendar.add(start, 10_000 * 60)
    later = datetime(2031, 2, 3, 10, tzinfo=BERLIN)
    calendar.working_minutes(start, later)

    def no_day_reading(self, first, stop):
        raise AssertionError("days' hours were read again")

    monkeypatch.setattr(DayRules, "hours_of_days", no_day_reading)
    assert calendar.add(start, 10_000 * 60) == deadline
    assert calendar.working_minutes(start, deadline) == 10_000 * 60
    assert calendar.working_minutes(start + timedelta(days=3), later) > 0


def test_a_new_calendar_does_not_share_the_tables_of_another():
    closed = [date(2026, 5, 4) + timedelta(days=n) for n in range(5)]
    start = datetime(2026, 5, 4, 8, tzinfo=BERLIN)
    assert berlin_office().add(start, 60) == datetime(2026, 5, 4, 9, tzinfo=BERLIN)
    changed = WorkCalendar(timezone="Europe/Berlin", week=OFFICE_WEEK, holidays=closed)
    assert changed.add(start, 60) == datetime(2026, 5, 11, 9, tzinfo=BERLIN)


def test_working_time_is_counted_near_the_first_year_datetime_supports():
    calendar = WorkCalendar(timezone="UTC", week={day: ["00:00-24:00"] for day in range(7)})
    start = datetime(1, 1, 3, tzinfo=UTC)
    assert calendar.working_minutes(start, start + timedelta(days=7)) == 7 * 1440
    assert calendar.add(start, 60) == start + timedelta(hours=1)


def test_a_deadline_beyond_the_year_9999_is_a_clear_error():
    calendar = WorkCalendar(timezone="UTC", week=OFFICE_WEEK)
    with pytest.raises(ValueError, match="outside the years datetime supports"):
        calendar.add(datetime(9999, 6, 1, tzinfo=UTC), 400 * 8 * 60)


def test_more_than_twenty_years_without_working_time_is_a_calendar_error():
    first = date(2026, 1, 1)
    closed = [first + timedelta(days=n) for n in range(30 * 366)]
    calendar = WorkCalendar(timezone="UTC", week=OFFICE_WEEK, holidays=closed)
    with pytest.raises(CalendarError, match="no working time in the 20 years"):
        calendar.add(datetime(2026, 1, 1, tzinfo=UTC), 60)
