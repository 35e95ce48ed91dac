"""Which working hours each local date has, and how much working time whole days hold.

A date's hours come from these rules, first match wins:

1. a company day off (``holidays``): no working time;
2. a company extra working day (``workdays``): a working day's hours (below);
3. a public holiday of the country: no working time;
4. an official make-up working day of the country (``weekend_workdays``): a working day's hours;
5. otherwise the hours of its weekday.

A make-up or extra working day is worked with the hours of the calendar's usual working day (the
first weekday, from Monday, that has hours: Tuesday's if Monday is closed), or with its own
weekday's hours when those hold at least as much working time: it never has less than its
weekday already has (a Saturday open 08:00-12:00 that is made a working day gets a full day).

Dates are numbered as days since 1970-01-01 ("day numbers"). Each year's exceptions to the
weekly hours (public holidays, make-up days, company dates) are worked out when first
needed and cached; every other date has its weekday's hours.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import holidays as holidays_lib

from plugins.sla.worktime_week import CalendarError, DayHours, Week, day_total

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH_WEEKDAY = 3  # 1970-01-01 was a Thursday
_FIRST_DAY = date.min.toordinal() - _EPOCH_ORDINAL
_LAST_DAY = date.max.toordinal() - _EPOCH_ORDINAL


def day_number(day: date) -> int:
    """Days since 1970-01-01 (negative before)."""
    return day.toordinal() - _EPOCH_ORDINAL


def day_date(number: int) -> date:
    """The date of a day number."""
    return date.fromordinal(number + _EPOCH_ORDINAL)


def check_country(country: str | None) -> None:
    """Reject a country code the ``holidays`` package does not know."""
    if country is not None and country not in holidays_lib.list_supported_countries():
        raise CalendarError(f"unknown country code {country!r} for public holidays")


class DayRules:
    """The working hours of every local date."""

    def __init__(
        self,
        week: Week,
        country: str | None,
        days_off: Iterable[date],
        extra_workdays: Iterable[date],
    ) -> None:
        self._week = week
        self._weekday_totals = tuple(day_total(hours) for hours in week)
        self._usual = next(hours for hours in week if hours)
        """The hours of a usual working day: the first weekday's that has any."""
        self.week_total = sum(self._weekday_totals)
        """Working microseconds of a week without exceptions (always > 0)."""
        self._country = country
        self._days_off = _day_numbers(days_off, "holidays")
        self._extra_workdays = _day_numbers(extra_workdays, "workdays")
        both = self._days_off & self._extra_workdays
        if both:
            first = day_date(min(both))
            raise CalendarError(f"{first} is both a company holiday and a company workday")
        self._company_by_year: dict[int, list[int]] = {}
        for number in self._days_off | self._extra_workdays:
            self._company_by_year.setdefault(day_date(number).year, []).append(number)
        self._years: dict[int, dict[int, DayHours]] = {}

    def hours_of_days(self, first: int, stop: int) -> list[DayHours]:
        """Working intervals of each date numbered ``first`` .. ``stop - 1``, in order.

        Dates outside the years 1..9999 have none.
        """
        week = self._week
        found = [week[(number + _EPOCH_WEEKDAY) % 7] for number in range(first, stop)]
        low, high = max(first, _FIRST_DAY), min(stop, _LAST_DAY + 1)
        for number in [*range(first, min(low, stop)), *range(max(high, first), stop)]:
            found[number - first] = ()
        if low < high:
            for year in range(day_date(low).year, day_date(high - 1).year + 1):
                for number, hours in self._year(year).items():
                    if low <= number < high:
                        found[number - first] = hours
        return found

    def _resolve(self, number: int, public_off: frozenset[int], makeup: frozenset[int]) -> DayHours:
        """Apply the rules of the module docstring to one day."""
        if number in self._days_off:
            return ()
        if number in self._extra_workdays:
            return self._worked(number)
        if number in public_off:
            return ()
        if number in makeup:
            return self._worked(number)
        return self._week[(number + _EPOCH_WEEKDAY) % 7]

    def _worked(self, number: int) -> DayHours:
        """The hours of a make-up or extra working day (see the module docstring)."""
        weekday = (number + _EPOCH_WEEKDAY) % 7
        if self._weekday_totals[weekday] >= day_total(self._usual):
            return self._week[weekday]
        return self._usual

    def _year(self, year: int) -> dict[int, DayHours]:
        """The dates of a year whose hours may differ from their weekday's, with their
        hours (public holidays, make-up days, company dates); built on first use."""
        cached = self._years.get(year)
        if cached is None:
            public_off, makeup = self._country_days(year)
            dates = public_off | makeup | frozenset(self._company_by_year.get(year, ()))
            cached = {number: self._resolve(number, public_off, makeup) for number in dates}
            self._years[year] = cached
        return cached

    def _country_days(self, year: int) -> tuple[frozenset[int], frozenset[int]]:
        """Public holidays and official make-up working days of the country in a year."""
        if self._country is None or not 1 <= year <= 9999:
            return frozenset(), frozenset()
        official = holidays_lib.country_holidays(self._country, years=year, language="en_US")
        # weekend_workdays may also list make-up days of other years: keep this year's.
        makeup = getattr(official, "weekend_workdays", ())
        return (
            frozenset(day_number(day) for day in official if day.year == year),
            frozenset(day_number(day) for day in makeup if day.year == year),
        )


def _day_numbers(days: Iterable[date], name: str) -> frozenset[int]:
    """Check a list of company dates and number them."""
    numbers = set()
    for day in days:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise CalendarError(f"{name} must hold datetime.date values, not {day!r}")
        numbers.add(day_number(day))
    return frozenset(numbers)
