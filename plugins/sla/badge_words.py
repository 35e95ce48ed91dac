"""The words of one page's SLA badges, read once per page instead of once per badge.

A list of 50 records shows a hundred badges or more, each with a status sentence, a duration
and a deadline tooltip. Through Flask-Babel each of those calls looks up the request's locale,
zone and merged catalog again (several context-local reads per call); ``PageWords`` reads them
once when a page's badges are made and keeps each translated format string the first time it
is used. The output is exactly Flask-Babel's: the catalog's string for the message, formatted
with ``%`` when there are variables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from functools import cached_property
from typing import Any, ClassVar, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import get_timezone, get_translations

from core.ui.dates import _weekdays, language, local, style
from plugins.sla.labels import status_label

T = TypeVar("T")

#: how many texts ``PageWords.shared`` keeps across pages before it starts again
SHARED_TEXTS = 20_000


class PageWords:
    """The viewer's translations, zone and status words, read once (one per page of badges).

    ``words._("%(time)s left", time=...)`` translates like ``flask_babel.gettext``; the date
    helpers are ``core.ui.dates``'s in the viewer's zone, without looking the zone up again."""

    def __init__(self) -> None:
        self._translations = get_translations()
        self._language = language()
        self._style = style()
        #: a date with its time as one strftime format (the style's order)
        self._date_time = self._style.joined.format(date=self._style.date, time=self._style.time)
        self._texts: dict[str, str] = {}
        self._statuses: dict[str, str] = {}
        self._today: tuple[datetime, date] | None = None

    #: texts and unchangeable values that depend on their inputs, the language and the zone
    #: only (a deadline's tooltip, a met target's badge): the same for every page, kept
    #: across pages (``shared``), by language and zone
    _shared: ClassVar[dict[tuple[str, str], dict[tuple, Any]]] = {}

    @cached_property
    def zone(self) -> tzinfo:
        """The viewer's time zone (read on first use: durations need none), as a ``ZoneInfo``:
        the same rules as Flask-Babel's zone, converted in C rather than through pytz's Python
        code (a page converts a hundred deadlines)."""
        zone = get_timezone()
        try:
            return ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            return zone

    @cached_property
    def kept(self) -> dict[tuple, Any]:
        """What ``shared`` has made in this language and zone, by key: a page that makes a
        hundred badges looks most of them up here itself, and calls ``shared`` for the rest."""
        return PageWords._shared.setdefault((self._language, str(self.zone)), {})

    def shared(self, key: tuple, make: Callable[..., T], *args: Any) -> T:
        """What ``make(*args)`` gives for ``key`` in this language and zone, made once per process
        (up to ``SHARED_TEXTS`` of them in each): for texts, or unchangeable values, that are a
        function of ``key``, the language and the zone alone, such as a deadline's tooltip
        or a met target's badge, which the same records show on page after page."""
        kept = self.kept
        text = kept.get(key)
        if text is None:
            if len(kept) >= SHARED_TEXTS:
                kept.clear()
            text = kept[key] = make(*args)
        return text

    def today(self, now: datetime) -> date:
        """The viewer's date at ``now`` (read once per page)."""
        if self._today is None or self._today[0] != now:
            self._today = (now, local(now, self.zone).date())
        return self._today[1]

    def _(self, message: str, **variables: object) -> str:
        """``message`` in the viewer's language, formatted with ``variables`` when given."""
        text = self._texts.get(message)
        if text is None:
            text = self._texts[message] = self._translations.ugettext(message)
        return text % variables if variables else text

    def status(self, status: str) -> str:
        """The viewer's word for a clock status (``plugins.sla.labels.status_label``)."""
        label = self._statuses.get(status)
        if label is None:
            label = self._statuses[status] = status_label(status)
        return label

    @cached_property
    def _this_year(self) -> int:
        return local(datetime.now(UTC), self.zone).year

    # The dates below are ``core.ui.dates``'s (same styles, same rules), with the language,
    # style and zone read once for the page instead of once per call.

    def date(self, value: datetime, *, short: bool = False) -> str:
        """``27/11/2026``; ``short``: ``27/11`` in the current year (``date_text``)."""
        day = local(value, self.zone)
        if short and day.year == self._this_year:
            return day.strftime(self._style.day)
        return day.strftime(self._style.date)

    def time(self, value: datetime) -> str:
        """``14:05`` (``time_text``)."""
        return local(value, self.zone).strftime(self._style.time)

    def datetime(self, value: datetime) -> str:
        """``27/11/2026 14:05`` (``datetime_text``)."""
        return local(value, self.zone).strftime(self._date_time)

    def moment(self, value: datetime, now: datetime | None) -> str:
        """``14:05`` today, else ``14:05 27/11`` (``moment_text``)."""
        moment = local(value, self.zone)
        today = local(now or datetime.now(UTC), self.zone).date()
        clock = moment.strftime(self._style.time)
        return clock if moment.date() == today else f"{clock} {self.date(moment, short=True)}"

    def weekday_time(self, value: datetime) -> str:
        """``Mon 08:00`` / ``T2 08:00`` (``weekday_time_text``)."""
        moment = local(value, self.zone)
        return f"{_weekdays(self._language)[moment.weekday()]} {moment.strftime(self._style.time)}"
