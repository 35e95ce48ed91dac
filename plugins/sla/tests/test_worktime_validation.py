"""WorkCalendar refuses invalid settings when built, and invalid arguments when used."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from plugins.sla.worktime import CalendarError, WorkCalendar

OFFICE_DAY = ["08:00-12:00", "13:30-17:30"]
OFFICE_WEEK = {weekday: OFFICE_DAY for weekday in range(5)}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"week": {0: ["8-12"]}}, "'8-12' is not of the form 'HH:MM-HH:MM'"),
        ({"week": {0: ["08:00-12:60"]}}, "invalid time of day 12:60"),
        ({"week": {0: ["25:00-26:00"]}}, "invalid time of day 25:00"),
        ({"week": {0: ["24:00-24:00"]}}, "24:00 may only end an interval"),
        ({"week": {0: ["12:00-08:00"]}}, "'12:00-08:00' does not end after it starts"),
        ({"week": {0: ["09:00-09:00"]}}, "does not end after it starts"),
        ({"week": {0: ["08:00-12:00", "11:00-13:00"]}}, "08:00-12:00 and 11:00-13:00 overlap"),
        ({"week": {7: OFFICE_DAY}}, "weekday key 7 is outside 0..6"),
        ({"week": {"mon": OFFICE_DAY}}, "weekday key 'mon' is outside 0..6"),
        ({"week": {0: "08:00-12:00"}}, "give a list of 'HH:MM-HH:MM' intervals"),
        ({"week": [OFFICE_DAY]}, "week must map weekdays"),
        (
            {"week": OFFICE_WEEK, "timezone": "Mars/Olympus_Mons"},
            "unknown time zone 'Mars/Olympus_Mons'",
        ),
        ({"week": OFFICE_WEEK, "timezone": "../etc/passwd"}, "unknown time zone"),
        ({"week": OFFICE_WEEK, "country": "XX"}, "unknown country code 'XX'"),
        (
            {"week": OFFICE_WEEK, "holidays": ["2026-05-01"]},
            "holidays must hold datetime.date values",
        ),
        (
            {"week": OFFICE_WEEK, "workdays": [datetime(2026, 5, 2)]},
            "workdays must hold datetime.date values",
        ),
        (
            {"week": OFFICE_WEEK, "holidays": [date(2026, 5, 2)], "workdays": [date(2026, 5, 2)]},
            "2026-05-02 is both a company holiday and a company workday",
        ),
    ],
)
def test_invalid_setting_raises_calendar_error_naming_it(settings, message):
    with pytest.raises(CalendarError, match=re.escape(message)):
        WorkCalendar(**settings)


def test_calendar_error_is_a_value_error():
    assert issubclass(CalendarError, ValueError)


def test_empty_week_is_rejected():
    with pytest.raises(CalendarError, match="the week has no working interval"):
        WorkCalendar(week={})


def test_week_of_empty_days_is_rejected():
    with pytest.raises(CalendarError, match="the week has no working interval"):
        WorkCalendar(week={day: [] for day in range(7)})


def test_empty_week_with_company_workdays_is_rejected():
    with pytest.raises(CalendarError, match="make-up working days use a working weekday's hours"):
        WorkCalendar(week={}, workdays=[date(2026, 5, 2)])


def test_naive_datetime_is_rejected_with_a_clear_error():
    calendar = WorkCalendar(week=OFFICE_WEEK)
    naive = datetime(2026, 5, 5, 9)
    with pytest.raises(ValueError, match="has no time zone"):
        calendar.add(naive, 60)
    with pytest.raises(ValueError, match="end 2026-05-05T09:00:00 has no time zone"):
        calendar.working_minutes(datetime(2026, 5, 5, tzinfo=calendar.zone), naive)
    with pytest.raises(ValueError, match="has no time zone"):
        calendar.is_working(naive)


def test_negative_minutes_are_rejected():
    calendar = WorkCalendar(week=OFFICE_WEEK)
    with pytest.raises(ValueError, match="must not be negative"):
        calendar.add(datetime(2026, 5, 5, 9, tzinfo=ZoneInfo("UTC")), -1)


@pytest.mark.parametrize("minutes", [float("nan"), float("inf")])
def test_non_finite_minutes_are_rejected(minutes):
    calendar = WorkCalendar(week=OFFICE_WEEK)
    with pytest.raises(ValueError, match="must be finite"):
        calendar.add(datetime(2026, 5, 5, 9, tzinfo=ZoneInfo("UTC")), minutes)


def test_default_time_zone_is_vietnam():
    assert WorkCalendar(week=OFFICE_WEEK).zone == ZoneInfo("Asia/Ho_Chi_Minh")


def test_touching_intervals_are_accepted():
    calendar = WorkCalendar(week={0: ["08:00-12:00", "12:00-13:00"]})
    assert calendar.week_minutes == 300


def test_time_zone_may_be_given_as_zoneinfo():
    berlin = ZoneInfo("Europe/Berlin")
    assert WorkCalendar(timezone=berlin, week=OFFICE_WEEK).zone is berlin
