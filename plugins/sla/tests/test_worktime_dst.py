"""WorkCalendar across daylight saving time: intervals are wall-clock times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from plugins.sla.worktime import WorkCalendar

BERLIN = ZoneInfo("Europe/Berlin")
SPRING_FORWARD = datetime(2026, 3, 29, tzinfo=BERLIN)  # 02:00 CET -> 03:00 CEST
FALL_BACK = datetime(2026, 10, 25, tzinfo=BERLIN)  # 03:00 CEST -> 02:00 CET
ALL_DAY = ["00:00-24:00"]


def berlin(intervals: list[str]) -> WorkCalendar:
    """A Berlin calendar with the same intervals every day."""
    return WorkCalendar(timezone="Europe/Berlin", week={day: intervals for day in range(7)})


def day_after(midnight: datetime) -> datetime:
    return midnight.replace(day=midnight.day + 1)


def test_all_day_interval_on_spring_forward_day_has_23_hours():
    assert berlin(ALL_DAY).working_minutes(SPRING_FORWARD, day_after(SPRING_FORWARD)) == 23 * 60


def test_all_day_interval_on_fall_back_day_has_25_hours():
    assert berlin(ALL_DAY).working_minutes(FALL_BACK, day_after(FALL_BACK)) == 25 * 60


def test_interval_inside_the_spring_gap_has_no_working_time():
    calendar = berlin(["02:00-03:00"])
    assert calendar.working_minutes(SPRING_FORWARD, day_after(SPRING_FORWARD)) == 0


def test_interval_starting_in_the_spring_gap_starts_at_the_change():
    calendar = berlin(["02:30-04:00"])
    assert calendar.working_minutes(SPRING_FORWARD, day_after(SPRING_FORWARD)) == 60
    opening = calendar.next_working_instant(SPRING_FORWARD)
    assert opening.astimezone(UTC) == datetime(2026, 3, 29, 1, tzinfo=UTC)  # 03:00 CEST


def test_repeated_fall_back_hour_is_worked_twice():
    calendar = berlin(["02:00-03:00"])
    assert calendar.working_minutes(FALL_BACK, day_after(FALL_BACK)) == 120
    deadline = calendar.add(FALL_BACK, 90)
    assert deadline.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET


def test_round_the_clock_calendar_counts_elapsed_time_across_changes():
    calendar = berlin(ALL_DAY)
    start = datetime(2026, 3, 27, 18, 45, tzinfo=BERLIN)
    minutes = 60 * 24 * 250
    assert calendar.add(start, minutes).astimezone(UTC) == (
        start + timedelta(minutes=minutes)
    ).astimezone(UTC)
    end = datetime(2027, 1, 1, tzinfo=BERLIN)
    elapsed = (end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(minutes=1)
    assert calendar.working_minutes(start, end) == elapsed


def test_office_hours_keep_their_wall_clock_times_after_the_change():
    calendar = berlin(["09:00-17:00"])
    friday_close = datetime(2026, 3, 27, 17, tzinfo=BERLIN)
    assert calendar.add(friday_close, 8 * 60 * 3) == datetime(2026, 3, 30, 17, tzinfo=BERLIN)


def test_lord_howe_half_hour_change_shortens_the_day_by_thirty_minutes():
    calendar = WorkCalendar(timezone="Australia/Lord_Howe", week={day: ALL_DAY for day in range(7)})
    zone = ZoneInfo("Australia/Lord_Howe")
    day = datetime(2026, 10, 4, tzinfo=zone)  # 02:00 -> 02:30
    assert calendar.working_minutes(day, day.replace(day=5)) == 24 * 60 - 30
