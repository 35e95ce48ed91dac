"""Checking the calendar form field by field, so that every problem is listed at once beside
the input it is about (in the viewer's language), before the whole calendar is checked as the
import file would be (``plugins.sla.config_schema.validate_calendar``)."""

from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import gettext as _

from plugins.sla.config_schema import FIRST_YEAR
from plugins.sla.models.calendar import WEEKDAYS
from plugins.sla.worktime_days import check_country
from plugins.sla.worktime_week import CalendarError, parse_interval
from plugins.sla.worktime_zone import load_zone

NAME_LENGTH = 100
#: the key of problems about the week as a whole (shown above the working hours)
WEEK = "week"


def lines(form, name: str) -> list[str]:
    """The entries of a multi-value input: one per line or comma."""
    return [x.strip() for x in form.get(name, "").replace(",", "\n").splitlines() if x.strip()]


def field_problems(form) -> dict[str, list[str]]:
    """Every problem of the form's inputs, by input name (``name``, ``timezone``, ``country``,
    ``week_mon`` .. ``week_sun``, ``week`` for the week as a whole, ``holidays``,
    ``workdays``); empty when each input is well formed."""
    found: dict[str, list[str]] = {}

    def note(field: str, message: str) -> None:
        found.setdefault(field, []).append(message)

    for message in _name_problems(form.get("name", "").strip()):
        note("name", message)
    zone = form.get("timezone", "").strip()
    if zone:
        try:
            load_zone(zone)
        except CalendarError:
            note(
                "timezone",
                _("Unknown time zone %(zone)s: use a name such as Asia/Ho_Chi_Minh.", zone=zone),
            )
    country = form.get("country", "").strip().upper()
    if country:
        try:
            check_country(country)
        except CalendarError:
            note(
                "country",
                _(
                    "%(code)s is not a country whose public holidays are known (VN, SG, US …).",
                    code=country,
                ),
            )
    any_hours = False
    for day in WEEKDAYS:
        entries = lines(form, f"week_{day}")
        any_hours = any_hours or bool(entries)
        for message in _day_problems(entries):
            note(f"week_{day}", message)
    if not any_hours:
        note(WEEK, _("Give working hours to at least one weekday."))
    days = {}
    for key in ("holidays", "workdays"):
        days[key], problems = _dates(lines(form, key))
        for message in problems:
            note(key, message)
    for both in sorted(days["holidays"] & days["workdays"]):
        note("workdays", _("%(date)s is also a company day off.", date=both.isoformat()))
    return found


def _name_problems(name: str) -> list[str]:
    if not name:
        return [_("Give the calendar a name.")]
    if len(name) > NAME_LENGTH:
        return [_("A name has at most %(num)d characters.", num=NAME_LENGTH)]
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        return [_("A name may not hold control or invisible characters.")]
    return []


def _day_problems(entries: list[str]) -> list[str]:
    """Each badly written interval of one weekday, then overlaps of the good ones."""
    problems, spans = [], []
    for text in entries:
        try:
            spans.append((parse_interval(text), text))
        except CalendarError:
            problems.append(
                _(
                    "%(text)s is not an interval such as 08:00-12:00 (ending after it starts).",
                    text=text,
                )
            )
    spans.sort()
    for (earlier, first), (later, second) in zip(spans, spans[1:], strict=False):
        if later[0] < earlier[1]:
            problems.append(_("%(first)s and %(second)s overlap.", first=first, second=second))
    return problems


def _dates(entries: list[str]) -> tuple[set[date], list[str]]:
    """The dates of a list of company days, and a problem per entry that is not one."""
    found, problems = set(), []
    for text in entries:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            problems.append(_("%(text)s is not a date YYYY-MM-DD.", text=text))
            continue
        if day.year < FIRST_YEAR:
            problems.append(_("%(text)s is before %(year)d.", text=text, year=FIRST_YEAR))
            continue
        found.add(day)
    return found, problems
