"""The hours of a make-up or company extra working day: a usual working day's, never fewer than
its own weekday's."""

from __future__ import annotations

from datetime import date, timedelta

from plugins.sla.tests.test_worktime_rules import (
    OFFICE_DAY,
    OFFICE_WEEK,
    _official_makeup_saturday,
    at,
)
from plugins.sla.worktime import WorkCalendar

CLOSED_ON_MONDAY = {weekday: OFFICE_DAY for weekday in range(1, 6)}  # Tuesday to Saturday


def _day_minutes(calendar: WorkCalendar, day: date) -> float:
    start = at(day.year, day.month, day.day)
    return calendar.working_minutes(start, start + timedelta(days=1))


def test_a_company_workday_gets_working_hours_when_monday_is_closed():
    sunday = date(2026, 5, 10)
    calendar = WorkCalendar(week=CLOSED_ON_MONDAY, workdays=[sunday])
    assert _day_minutes(calendar, sunday) == 480
    assert calendar.next_working_instant(at(2026, 5, 10)) == at(2026, 5, 10, 8)


def test_an_official_makeup_day_gets_working_hours_when_monday_is_closed():
    saturday = _official_makeup_saturday()
    week = {weekday: OFFICE_DAY for weekday in range(1, 5)}  # Tuesday to Friday
    calendar = WorkCalendar(week=week, country="VN")
    assert _day_minutes(calendar, saturday) == 480


def test_a_short_saturday_made_a_working_day_gets_a_full_day():
    saturday = date(2026, 5, 9)
    week = {**OFFICE_WEEK, 5: ["08:00-12:00"]}
    calendar = WorkCalendar(week=week, workdays=[saturday])
    assert _day_minutes(calendar, saturday) == 480


def test_a_makeup_day_keeps_its_own_hours_when_they_hold_more():
    saturday = date(2026, 5, 9)
    week = {**OFFICE_WEEK, 0: ["09:00-10:00"], 5: ["08:00-12:00"]}  # a short Monday
    calendar = WorkCalendar(week=week, workdays=[saturday])
    assert _day_minutes(calendar, saturday) == 240
    assert calendar.next_working_instant(at(2026, 5, 9)) == at(2026, 5, 9, 8)


def test_a_company_workday_on_a_public_holiday_keeps_its_weekday_hours():
    national_day = date(2026, 9, 2)  # a Wednesday
    week = {**OFFICE_WEEK, 2: ["09:00-18:00"]}
    calendar = WorkCalendar(week=week, country="VN", workdays=[national_day])
    assert _day_minutes(calendar, national_day) == 540
    assert calendar.next_working_instant(at(2026, 9, 2)) == at(2026, 9, 2, 9)
