"""The demo company's working hours: instants placed by ``demo_time`` fall inside them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from core import demo_time
from core.demo_time import ZONE


def local(*args) -> datetime:
    return datetime(*args, tzinfo=ZONE)


def test_working_hours_are_the_two_intervals_of_a_weekday():
    assert demo_time.is_working(local(2026, 11, 27, 8, 0))
    assert demo_time.is_working(local(2026, 11, 27, 11, 59))
    assert not demo_time.is_working(local(2026, 11, 27, 12, 0))
    assert not demo_time.is_working(local(2026, 11, 27, 13, 0))
    assert demo_time.is_working(local(2026, 11, 27, 13, 30))
    assert not demo_time.is_working(local(2026, 11, 27, 17, 30))
    assert not demo_time.is_working(local(2026, 11, 28, 9, 0))  # Saturday


def test_public_holidays_are_days_off():
    assert not demo_time.is_workday(date(2026, 9, 2))  # National Day
    assert not demo_time.is_workday(date(2026, 2, 17))  # Tết
    assert demo_time.is_workday(date(2026, 11, 26))


def test_adding_working_time_skips_lunch_evenings_and_weekends():
    assert demo_time.add(local(2026, 11, 27, 11, 30), 60) == local(2026, 11, 27, 14, 0)
    assert demo_time.add(local(2026, 11, 27, 17, 0), 60) == local(2026, 11, 30, 8, 30)
    assert demo_time.add(local(2026, 11, 27, 21, 34), 0) == local(2026, 11, 30, 8, 0)
    # the end of an interval is not inside it: the next one starts
    assert demo_time.add(local(2026, 11, 27, 11, 0), 60) == local(2026, 11, 27, 13, 30)


def test_subtracting_working_time_counts_back_from_the_last_working_moment():
    assert demo_time.subtract(local(2026, 11, 27, 14, 0), 60) == local(2026, 11, 27, 11, 30)
    assert demo_time.subtract(local(2026, 11, 30, 8, 30), 60) == local(2026, 11, 27, 17, 0)
    at = demo_time.subtract(local(2026, 11, 27, 21, 34), 0)
    assert demo_time.is_working(at) and at < local(2026, 11, 27, 17, 30)


@pytest.mark.parametrize("minutes", [0, 1, 59.5, 240, 480, 1000, 4321.25, 20000])
@pytest.mark.parametrize("hour", [0, 7, 8, 10, 12, 13, 15, 17, 19, 23])
def test_add_and_subtract_land_in_working_hours_and_agree_with_minutes_between(minutes, hour):
    for day in (23, 27, 28, 29):
        start = local(2026, 11, day, hour, 17)
        later = demo_time.add(start, minutes)
        earlier = demo_time.subtract(start, minutes)
        assert demo_time.is_working(later) and later >= start
        assert demo_time.is_working(earlier) and earlier <= start
        assert demo_time.minutes_between(start, later) == pytest.approx(minutes, abs=1e-6)
        assert demo_time.minutes_between(earlier, start) == pytest.approx(minutes, abs=0.02)


def test_steps_keep_their_order_and_end_before_the_latest_instant():
    start = local(2026, 11, 26, 16, 50)
    latest = local(2026, 11, 27, 9, 0)
    instants = demo_time.steps(start, [30, 600, 45], latest)
    assert instants == sorted(instants) and instants[0] >= start
    assert instants[-1] <= latest
    assert all(demo_time.is_working(at) for at in instants)
    roomy = demo_time.steps(start, [30, 60], latest + timedelta(days=7))
    assert roomy == [local(2026, 11, 26, 17, 20), local(2026, 11, 27, 8, 50)]
    assert all(at.tzinfo is not None for at in roomy) and roomy[0].utcoffset() == timedelta()
    assert roomy[0] == datetime(2026, 11, 26, 10, 20, tzinfo=UTC)
