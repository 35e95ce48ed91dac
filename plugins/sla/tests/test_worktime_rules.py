"""WorkCalendar rules, one behaviour per test, on a Vietnamese office calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

from plugins.sla.worktime import WorkCalendar

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICE_DAY = ["08:00-12:00", "13:30-17:30"]
OFFICE_WEEK = {weekday: OFFICE_DAY for weekday in range(5)}


def office(**settings) -> WorkCalendar:
    """Monday to Friday 08:00-12:00 and 13:30-17:30 in Vietnam, with extra settings."""
    return WorkCalendar(timezone="Asia/Ho_Chi_Minh", week=OFFICE_WEEK, **settings)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=HANOI)


def test_deadline_at_end_of_interval_is_that_end():
    assert office().add(at(2026, 5, 5, 11), 60) == at(2026, 5, 5, 12)


def test_lunch_break_is_skipped():
    assert office().add(at(2026, 5, 5, 11), 120) == at(2026, 5, 5, 14, 30)


def test_work_left_at_close_continues_next_morning():
    assert office().add(at(2026, 5, 5, 17), 60) == at(2026, 5, 6, 8, 30)


def test_weekend_is_skipped():
    friday = at(2026, 5, 8, 17)
    assert office().add(friday, 60) == at(2026, 5, 11, 8, 30)


def test_start_outside_working_time_counts_from_next_opening():
    assert office().add(at(2026, 5, 9, 22), 30) == at(2026, 5, 11, 8, 30)


def test_add_zero_minutes_returns_start_even_outside_working_time():
    sunday_night = at(2026, 5, 10, 23)
    assert office().add(sunday_night, 0) == sunday_night


def test_fractional_minutes_are_exact_to_the_microsecond():
    assert office().add(at(2026, 5, 5, 8), 1.5) == at(2026, 5, 5, 8, 1) + timedelta(seconds=30)
    assert (
        office().working_minutes(at(2026, 5, 5, 8), at(2026, 5, 5, 8, 0) + timedelta(seconds=90))
        == 1.5
    )


def test_deadline_is_in_the_calendar_zone():
    start = datetime(2026, 5, 5, 4, tzinfo=UTC)  # 11:00 in Hanoi
    deadline = office().add(start, 60)
    assert deadline.tzinfo == HANOI
    assert deadline == at(2026, 5, 5, 12)


def test_working_minutes_counts_only_working_time():
    assert office().working_minutes(at(2026, 5, 8, 11), at(2026, 5, 11, 9)) == 60 + 240 + 60


def test_working_minutes_is_zero_when_end_is_not_after_start():
    assert office().working_minutes(at(2026, 5, 5, 11), at(2026, 5, 5, 11)) == 0
    assert office().working_minutes(at(2026, 5, 5, 11), at(2026, 5, 5, 9)) == 0


def test_is_working_includes_interval_start_and_excludes_its_end():
    calendar = office()
    assert calendar.is_working(at(2026, 5, 5, 8))
    assert calendar.is_working(at(2026, 5, 5, 11, 59))
    assert not calendar.is_working(at(2026, 5, 5, 12))
    assert not calendar.is_working(at(2026, 5, 9, 10))


def test_next_working_instant_after_lunch_is_afternoon_opening():
    assert office().next_working_instant(at(2026, 5, 5, 12, 15)) == at(2026, 5, 5, 13, 30)


def test_next_working_instant_in_working_time_is_itself():
    assert office().next_working_instant(at(2026, 5, 5, 9, 7)) == at(2026, 5, 5, 9, 7)


def _tet(year: int) -> list[date]:
    official = holidays.country_holidays("VN", years=year, language="en_US")
    return sorted(day for day, name in official.items() if "Lunar New Year" in name)


def test_vietnam_tet_2027_is_skipped():
    tet = _tet(2027)
    assert len(tet) >= 5
    calendar = office(country="VN")
    last_day_before = tet[0] - timedelta(days=1)
    first_day_after = tet[-1] + timedelta(days=1)
    assert last_day_before.weekday() < 5 and first_day_after.weekday() < 5
    start = at(last_day_before.year, last_day_before.month, last_day_before.day, 17)
    expected = at(first_day_after.year, first_day_after.month, first_day_after.day, 8, 30)
    assert calendar.add(start, 60) == expected
    assert calendar.working_minutes(start, expected) == 60


def _official_makeup_saturday() -> date:
    for year in range(2020, 2027):
        official = holidays.country_holidays("VN", years=year, language="en_US")
        saturdays = [d for d in official.weekend_workdays if d.year == year and d.weekday() == 5]
        if saturdays:
            return min(saturdays)
    raise AssertionError("no official make-up Saturday in Vietnam 2020-2026")


def test_official_makeup_saturday_is_worked_with_monday_hours():
    saturday = _official_makeup_saturday()
    week = {**OFFICE_WEEK, 0: ["07:00-11:00"]}
    calendar = WorkCalendar(timezone="Asia/Ho_Chi_Minh", week=week, country="VN")
    start = at(saturday.year, saturday.month, saturday.day)
    assert calendar.working_minutes(start, start + timedelta(days=1)) == 240
    assert calendar.next_working_instant(start) == start + timedelta(hours=7)
    assert calendar.add(start, 240) == start + timedelta(hours=11)


def test_ordinary_saturday_is_not_worked_with_a_country():
    calendar = office(country="VN")
    assert calendar.working_minutes(at(2026, 5, 9), at(2026, 5, 10)) == 0


def test_public_holiday_on_a_weekday_has_no_working_time():
    # 2 September, National Day, is a Wednesday in 2026.
    calendar = office(country="VN")
    assert calendar.working_minutes(at(2026, 9, 2), at(2026, 9, 3)) == 0
    assert office().working_minutes(at(2026, 9, 2), at(2026, 9, 3)) == 480


def test_company_holiday_has_no_working_time():
    calendar = office(holidays=[date(2026, 5, 6)])
    assert calendar.add(at(2026, 5, 5, 17), 60) == at(2026, 5, 7, 8, 30)


def test_company_workday_is_worked_with_monday_hours():
    week = {**OFFICE_WEEK, 0: ["09:00-10:00"]}
    calendar = WorkCalendar(week=week, workdays=[date(2026, 5, 10)])  # a Sunday
    sunday = at(2026, 5, 10)
    assert calendar.working_minutes(sunday, sunday + timedelta(days=1)) == 60
    assert calendar.next_working_instant(sunday) == at(2026, 5, 10, 9)


def test_company_workday_overrides_a_public_holiday():
    calendar = office(country="VN", workdays=[date(2026, 9, 2)])
    assert calendar.working_minutes(at(2026, 9, 2), at(2026, 9, 3)) == 480


def test_company_holiday_overrides_an_official_makeup_day():
    saturday = _official_makeup_saturday()
    calendar = office(country="VN", holidays=[saturday])
    start = at(saturday.year, saturday.month, saturday.day)
    assert calendar.working_minutes(start, start + timedelta(days=1)) == 0


def test_round_the_clock_calendar_adds_plain_elapsed_time():
    calendar = WorkCalendar(week={day: ["00:00-24:00"] for day in range(7)})
    start = at(2026, 5, 5, 11, 17)
    assert calendar.add(start, 10_000) == start + timedelta(minutes=10_000)
    assert calendar.working_minutes(start, start + timedelta(days=3)) == 3 * 1440


def test_ten_thousand_hours_on_the_vietnamese_calendar_invert_exactly():
    calendar = office(country="VN")
    start = at(2026, 1, 1, 9)
    deadline = calendar.add(start, 10_000 * 60)
    assert calendar.working_minutes(start, deadline) == 10_000 * 60
    assert calendar.is_working(deadline - timedelta(minutes=1))


def test_long_company_closure_is_skipped():
    closed = [date(2026, 6, 1) + timedelta(days=n) for n in range(3 * 365)]
    calendar = office(holidays=closed)
    reopening = closed[-1] + timedelta(days=1)
    while reopening.weekday() >= 5:
        reopening += timedelta(days=1)
    expected = at(reopening.year, reopening.month, reopening.day, 9)
    assert calendar.add(at(2026, 5, 29, 17), 90) == expected


def test_calendar_with_a_single_weekly_hour_reaches_far_deadlines():
    calendar = WorkCalendar(week={3: ["10:00-11:00"]})
    start = at(2026, 1, 1, 10)  # a Thursday
    assert calendar.add(start, 52 * 60) == at(2026, 12, 24, 11)
