"""The days of the coming year on which a calendar's working hours differ from its week: public
holidays and official make-up working days of its country (the ``holidays`` package, as
``plugins.sla.worktime_days`` reads it), and the company's own days off and extra working days,
named in the viewer's language where the package knows it.

Each date gets the kind the working-time rules give it (``plugins.sla.worktime_days``: a
company day off, then a company working day, then a public holiday, then a make-up day), so the
list says what the clocks will do on that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import holidays as holidays_lib

from plugins.sla.models import Calendar

PUBLIC_HOLIDAY = "public_holiday"
MAKEUP_DAY = "makeup_day"
COMPANY_DAY_OFF = "company_day_off"
COMPANY_WORKDAY = "company_workday"
#: the kinds that close the day (the others open it)
CLOSED = (PUBLIC_HOLIDAY, COMPANY_DAY_OFF)
#: the ``holidays`` package's language for each of the interface's
HOLIDAY_LANGUAGES = {"vi": "vi", "en": "en_US"}


@dataclass(frozen=True)
class ComingDay:
    """One date whose working hours differ from its weekday's, and why."""

    day: date
    kind: str
    #: the public holiday's (or make-up day's) name, when the country has one for the date
    name: str = ""

    @property
    def closed(self) -> bool:
        """Whether no one works that day (a public holiday or a company day off)."""
        return self.kind in CLOSED


def coming_days(calendar: Calendar, today: date, language: str = "en") -> list[ComingDay]:
    """The dates from ``today`` up to a year later (excluded) whose hours differ from the
    weekly ones, in order."""
    end = _a_year_after(today)
    official, makeup = _country_days(calendar.country, today, end, language)
    off = {d for d in calendar.holiday_dates if today <= d < end}
    extra = {d for d in calendar.workday_dates if today <= d < end}
    found = []
    for day in sorted(off | extra | set(official) | makeup):
        name = official.get(day, "")
        if day in off:
            found.append(ComingDay(day, COMPANY_DAY_OFF, name))
        elif day in extra:
            found.append(ComingDay(day, COMPANY_WORKDAY, name))
        elif day in official:
            found.append(ComingDay(day, PUBLIC_HOLIDAY, name))
        else:
            found.append(ComingDay(day, MAKEUP_DAY))
    return found


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28) + timedelta(days=1)


def _country_days(
    country: str | None, first: date, end: date, language: str
) -> tuple[dict[date, str], set[date]]:
    """The country's public holidays (with their names) and make-up working days between
    ``first`` and ``end`` (excluded)."""
    if not country:
        return {}, set()
    years = list(range(first.year, end.year + 1))
    # a language the country's names are not written in falls back to the country's own
    wanted = HOLIDAY_LANGUAGES.get(language)
    official = holidays_lib.country_holidays(country, years=years, language=wanted)
    names = {day: str(name) for day, name in official.items() if first <= day < end}
    makeup = {d for d in getattr(official, "weekend_workdays", ()) if first <= d < end}
    return names, makeup
