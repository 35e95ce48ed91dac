"""WorkCalendar against a brute-force oracle that walks minute by minute.

The oracle is deliberately naive and independent of the module's arithmetic: for every
UTC minute it reads the local wall clock, looks up that local date's intervals (company
days off, company workdays, public holidays, official make-up days, else the weekday's; a
workday or make-up day has the first open weekday's hours or its own weekday's, whichever
hold more, its own on a tie) and asks whether the time of day is inside one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch
from zoneinfo import ZoneInfo

import holidays
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.sla import worktime
from plugins.sla.worktime import WorkCalendar

ZONES = ["Asia/Ho_Chi_Minh", "Europe/Berlin", "America/New_York", "UTC", "Australia/Lord_Howe"]
COUNTRIES = [None, None, "VN", "DE"]
ONE_MINUTE = timedelta(minutes=1)
FIRST = datetime(2019, 1, 1, tzinfo=UTC)
LAST = datetime(2027, 12, 1, tzinfo=UTC)
ORACLE_SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _offset_changes(zone_name: str) -> list[datetime]:
    """Days (UTC noon) just after which the zone's offset changed, 2019-2027."""
    zone = ZoneInfo(zone_name)
    days = [FIRST + timedelta(days=n, hours=12) for n in range((LAST - FIRST).days)]
    offsets = [day.astimezone(zone).utcoffset() for day in days]
    return [days[n] for n in range(1, len(days)) if offsets[n] != offsets[n - 1]]


CHANGES = {zone: _offset_changes(zone) for zone in ZONES}


@dataclass
class Oracle:
    """Working time by brute force, one UTC minute at a time."""

    zone: ZoneInfo
    week: dict[int, list[tuple[int, int]]]
    country: str | None
    days_off: set[date]
    workdays: set[date]
    _years: dict[int, tuple[set[date], set[date]]] = field(default_factory=dict)

    def hours(self, day: date) -> list[tuple[int, int]]:
        public_off, makeup = self._country_days(day.year)
        if day in self.days_off:
            return []
        if day in self.workdays:
            return self.worked(day)
        if day in public_off:
            return []
        if day in makeup:
            return self.worked(day)
        return self.week.get(day.weekday(), [])

    def worked(self, day: date) -> list[tuple[int, int]]:
        """A workday's or make-up day's intervals."""
        own = self.week.get(day.weekday(), [])
        usual = next(self.week[d] for d in range(7) if self.week.get(d))
        return own if _length(own) >= _length(usual) else usual

    def _country_days(self, year: int) -> tuple[set[date], set[date]]:
        if self.country is None:
            return set(), set()
        if year not in self._years:
            official = holidays.country_holidays(self.country, years=year, language="en_US")
            self._years[year] = (set(official), set(official.weekend_workdays))
        return self._years[year]

    def is_working(self, instant: datetime) -> bool:
        local = instant.astimezone(self.zone)
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.hours(local.date()))

    def flags(self, start: datetime, minutes: int) -> list[bool]:
        """For each minute after ``start``: is it working time?"""
        return [self.is_working(start + n * ONE_MINUTE) for n in range(minutes)]


def _length(spans: list[tuple[int, int]]) -> int:
    """Minutes of a day's intervals."""
    return sum(end - start for start, end in spans)


def utc(moment: datetime) -> datetime:
    """Compare instants in UTC: aware datetimes in a fold never equal another zone's (PEP 495)."""
    return moment.astimezone(UTC)


def _text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def day_intervals(draw: st.DrawFn) -> list[tuple[int, int]]:
    """0..3 non-overlapping intervals on quarter hours, 24:00 ends included."""
    points = sorted(draw(st.lists(st.integers(0, 96), unique=True, max_size=6)))
    return [(points[i] * 15, points[i + 1] * 15) for i in range(0, len(points) - 1, 2)]


@st.composite
def starts(draw: st.DrawFn, zone: str) -> datetime:
    """A minute-aligned UTC instant, often within days of a clock change."""
    if CHANGES[zone] and draw(st.booleans()):
        around = draw(st.sampled_from(CHANGES[zone]))
        return around + draw(st.integers(-4 * 1440, 1440)) * ONE_MINUTE
    span = int((LAST - FIRST) / ONE_MINUTE)
    return FIRST + draw(st.integers(0, span)) * ONE_MINUTE


@dataclass
class Case:
    calendar: WorkCalendar
    oracle: Oracle
    start: datetime


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A random calendar, its oracle and a start instant."""
    zone = draw(st.sampled_from(ZONES))
    week = {day: draw(day_intervals()) for day in range(7)}
    if not any(week.values()):
        week[draw(st.integers(0, 6))] = [(draw(st.integers(0, 95)) * 15, 1440)]
    start = draw(starts(zone))
    near = st.integers(-3, 20).map(lambda n: start.date() + timedelta(days=n))
    days_off = set(draw(st.lists(near, max_size=4)))
    workdays = set(draw(st.lists(near, max_size=3))) - days_off
    country = draw(st.sampled_from(COUNTRIES))
    calendar = WorkCalendar(
        timezone=zone,
        week={day: [f"{_text(a)}-{_text(b)}" for a, b in spans] for day, spans in week.items()},
        country=country,
        holidays=sorted(days_off),
        workdays=sorted(workdays),
    )
    oracle = Oracle(ZoneInfo(zone), week, country, days_off, workdays)
    return Case(calendar, oracle, start)


@ORACLE_SETTINGS
@given(case=cases(), span=st.integers(0, 14 * 1440), data=st.data())
def test_add_and_working_minutes_match_the_oracle(case: Case, span: int, data: st.DataObject):
    flags = case.oracle.flags(case.start, span)
    total = sum(flags)
    end = case.start + span * ONE_MINUTE
    assert case.calendar.working_minutes(case.start, end) == total

    minutes = data.draw(st.integers(0, total), label="minutes")
    if minutes == 0:
        expected = case.start
    else:
        working = [n for n, flag in enumerate(flags) if flag]
        expected = case.start + (working[minutes - 1] + 1) * ONE_MINUTE
    deadline = case.calendar.add(case.start, minutes)
    assert utc(deadline) == expected
    assert deadline.tzinfo == case.calendar.zone
    with patch.object(worktime, "_SHORT", 0):  # the path taken by long deadlines
        assert utc(case.calendar.add(case.start, minutes)) == expected


@ORACLE_SETTINGS
@given(case=cases(), span=st.integers(1, 4 * 1440))
def test_is_working_and_next_working_instant_match_the_oracle(case: Case, span: int):
    flags = case.oracle.flags(case.start, span)
    assert case.calendar.is_working(case.start) == flags[0]
    if any(flags):
        expected = case.start + flags.index(True) * ONE_MINUTE
        assert utc(case.calendar.next_working_instant(case.start)) == expected
        with patch.object(worktime, "_SHORT", 0):
            assert utc(case.calendar.next_working_instant(case.start)) == expected
    else:
        assert case.calendar.next_working_instant(case.start) >= case.start + span * ONE_MINUTE


@settings(max_examples=150, deadline=None)
@given(case=cases(), minutes=st.integers(0, 3 * 366 * 1440))
def test_working_minutes_inverts_add(case: Case, minutes: int):
    deadline = case.calendar.add(case.start, minutes)
    assert case.calendar.working_minutes(case.start, deadline) == minutes


@settings(max_examples=150, deadline=None)
@given(case=cases(), span=st.integers(0, 2 * 366 * 1440))
def test_add_of_the_minutes_between_reaches_no_later_than_the_end(case: Case, span: int):
    end = case.start + span * ONE_MINUTE
    minutes = case.calendar.working_minutes(case.start, end)
    deadline = case.calendar.add(case.start, minutes)
    assert deadline <= end
    assert case.calendar.working_minutes(deadline, end) == 0
