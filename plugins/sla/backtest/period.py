"""The period a backtest covers: records created from the first day to the last, both included,
as local dates in a time zone. No database; problems are told in the viewer's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

#: the longest period a backtest covers (the record cap bounds the work anyway)
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last`` (local dates, both included) in ``zone``."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def begins(self) -> datetime:
        """The first instant of the period (UTC)."""
        return datetime.combine(self.first, time(), self.zone).astimezone(UTC)

    @property
    def ends(self) -> datetime:
        """The instant just after the period (UTC)."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.zone).astimezone(UTC)


def last_month(today: date, zone: ZoneInfo) -> Period:
    """The last whole calendar month before ``today``."""
    last = today.replace(day=1) - timedelta(days=1)
    return Period(last.replace(day=1), last, zone)


def default_period() -> Period:
    """Last calendar month in the viewer's time zone (what the policy form offers)."""
    from core.db import utcnow
    from core.i18n import viewer_zone

    zone = viewer_zone()
    return last_month(utcnow().astimezone(zone).date(), zone)


def read_period(
    since: str | None, until: str | None, today: date, zone: ZoneInfo
) -> tuple[Period | None, list[str]]:
    """The period two ISO dates give (``since`` alone: up to today; neither: last month), and
    the problems of reading them, each named by its field."""
    since, until = (since or "").strip(), (until or "").strip()
    if not since and not until:
        return last_month(today, zone), []
    problems = []
    first = _date(since, "since", problems) if since else None
    last = _date(until, "until", problems) if until else today
    if since == "" and not problems:
        problems.append(_("since: the first day is needed when the last is given"))
    if problems:
        return None, problems
    if last < first:
        return None, [_("until: before the first day")]
    if (last - first).days >= MAX_DAYS:
        return None, [_("until: a period of at most %(n)d days", n=MAX_DAYS)]
    return Period(first, last, zone), []


def _date(text: str, field: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(
            _("%(field)s: not a date (YYYY-MM-DD): %(text)s", field=field, text=repr(text[:40]))
        )
        return None
