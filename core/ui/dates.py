"""Dates and times as people read them: one style per language, in the viewer's time zone.

Every page, badge, tooltip, flash, table, report and notification formats its dates through
these helpers, so that a day reads the same everywhere: ``27/11/2026`` and ``14:05`` (24-hour
clock) in Vietnamese and in Nhịp's English, which is English as written in Vietnam (en-VN:
day before month, never ``11/27/26, 2:05 PM``). The language comes from the viewer's profile
(``core.i18n.locale_selector``), the zone from their profile's time zone.

- ``date_text(value)``: ``27/11/2026``; ``short=True``: ``27/11``, with the year only when it
  is not the current year.
- ``datetime_text(value)``: ``27/11/2026 14:05``; ``short=True``: ``27/11 14:05`` (year as
  above).
- ``time_text(value)``: ``14:05``; ``moment_text(value)``: ``14:05`` today, else
  ``14:05 27/11`` (a time with its short date).
- ``weekday_time_text(value)``: ``Mon 08:00`` / ``T2 08:00`` (within the coming week).

An aware ``datetime`` is shown in the viewer's zone (or ``zone=`` when given, such as a
recipient's for e-mail); a naive one is taken as UTC, like the database's; a ``date`` is a
calendar day and is shown as it is. Numeric parts use ``strftime`` (cheap enough for a badge
per row); only weekday names come from the language's CLDR data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from flask import has_app_context
from flask_babel import get_locale, get_timezone


@dataclass(frozen=True)
class DateStyle:
    """How one language writes a day, a day without its year, and a time (``strftime``)."""

    date: str
    day: str
    time: str
    #: a date with a time: ``{date}`` and ``{time}`` in the language's order
    joined: str = "{date} {time}"


#: the styles by language code; an unknown language reads as English (en-VN)
STYLES = {
    "vi": DateStyle(date="%d/%m/%Y", day="%d/%m", time="%H:%M"),
    "en": DateStyle(date="%d/%m/%Y", day="%d/%m", time="%H:%M"),
}


def language() -> str:
    """The language the page (or the e-mail being written) is in: ``en`` or ``vi``."""
    locale = get_locale() if has_app_context() else None
    code = locale.language if locale is not None else "en"
    return code if code in STYLES else "en"


def style() -> DateStyle:
    """The date style of the current language."""
    return STYLES[language()]


def local(value: datetime, zone: tzinfo | str | None = None) -> datetime:
    """``value`` in ``zone`` (the viewer's by default); naive values are UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    if zone is None:
        zone = get_timezone() if has_app_context() else UTC
    return value.astimezone(zone)


def _day_of(value: date | datetime, zone) -> date | datetime:
    return local(value, zone) if isinstance(value, datetime) else value


def _this_year(zone) -> int:
    return local(datetime.now(UTC), zone).year


def date_text(
    value: date | datetime | None, *, short: bool = False, zone: tzinfo | str | None = None
) -> str:
    """``27/11/2026``; ``short``: ``27/11`` when in the current year. Empty for None."""
    if value is None:
        return ""
    day = _day_of(value, zone)
    words = style()
    if short and day.year == _this_year(zone):
        return day.strftime(words.day)
    return day.strftime(words.date)


def time_text(value: datetime | None, *, zone: tzinfo | str | None = None) -> str:
    """``14:05`` in the viewer's zone. Empty for None."""
    return "" if value is None else local(value, zone).strftime(style().time)


def datetime_text(
    value: datetime | None, *, short: bool = False, zone: tzinfo | str | None = None
) -> str:
    """``27/11/2026 14:05``; ``short``: ``27/11 14:05`` when in the current year."""
    if value is None:
        return ""
    words = style()
    return words.joined.format(
        date=date_text(value, short=short, zone=zone), time=time_text(value, zone=zone)
    )


def moment_text(
    value: datetime | None, *, now: datetime | None = None, zone: tzinfo | str | None = None
) -> str:
    """``14:05`` when ``value`` is today (``now``'s day), else ``14:05 27/11`` (the year only
    when it is not the current one): for "breached at ..." and other moments of a day."""
    if value is None:
        return ""
    moment = local(value, zone)
    today = local(now or datetime.now(UTC), zone).date()
    if moment.date() == today:
        return moment.strftime(style().time)
    return f"{moment.strftime(style().time)} {date_text(moment, short=True, zone=zone)}"


@lru_cache(maxsize=8)
def _weekdays(code: str) -> dict[int, str]:
    width = "short" if code == "vi" else "abbreviated"
    return dict(get_day_names(width, locale=code))


def weekday_time_text(value: datetime | None, *, zone: tzinfo | str | None = None) -> str:
    """``Mon 08:00`` / ``T2 08:00``: a moment of the coming week, by its weekday name."""
    if value is None:
        return ""
    moment = local(value, zone)
    return f"{_weekdays(language())[moment.weekday()]} {moment.strftime(style().time)}"
