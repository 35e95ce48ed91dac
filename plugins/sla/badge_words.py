"""The words of one page's SLA badges, read once per page instead of once per badge.

A list of 50 records shows a hundred badges or more, each with a status sentence, a duration
and a deadline tooltip. Through Flask-Babel each of those calls looks up the request's locale,
zone and merged catalog again (several context-local reads per call); ``PageWords`` reads them
once when a page's badges are made and keeps each translated format string the first time it
is used. The output is exactly Flask-Babel's: the catalog's string for the message, formatted
with ``%`` when there are variables.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import cached_property

from flask_babel import get_timezone, get_translations

from core.ui.dates import date_text, datetime_text, moment_text, time_text, weekday_time_text
from plugins.sla.labels import status_label


class PageWords:
    """The viewer's translations, zone and status words, read once (one per page of badges).

    ``words._("%(time)s left", time=...)`` translates like ``flask_babel.gettext``; the date
    helpers are ``core.ui.dates``'s in the viewer's zone, without looking the zone up again."""

    def __init__(self) -> None:
        self._translations = get_translations()
        self._texts: dict[str, str] = {}
        self._statuses: dict[str, str] = {}

    @cached_property
    def zone(self) -> tzinfo:
        """The viewer's time zone (read on first use: durations need none)."""
        return get_timezone()

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

    def date(self, value: datetime, *, short: bool = False) -> str:
        return date_text(value, short=short, zone=self.zone)

    def datetime(self, value: datetime) -> str:
        return datetime_text(value, zone=self.zone)

    def time(self, value: datetime) -> str:
        return time_text(value, zone=self.zone)

    def moment(self, value: datetime, now: datetime | None) -> str:
        return moment_text(value, now=now, zone=self.zone)

    def weekday_time(self, value: datetime) -> str:
        return weekday_time_text(value, zone=self.zone)
