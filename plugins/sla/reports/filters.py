"""The choices of a report request: its period, and which clocks it is about.

The same parameters serve the pages, the CSV files and the JSON API:

``period``     ``month`` (default), ``week`` or ``range``
``month``      ``YYYY-MM`` (default: this month; the monthly review: last month)
``week``       ``YYYY-Www``, an ISO week (default: this week)
``from``/``to`` ``YYYY-MM-DD``, both days included (``period=range``; at most 366 days)
``module``     a plugin (``orders``), ``entity`` a record type (``orders.sales_order``)
``department`` a department code, ``employee`` a user id

Periods are read in the viewer's time zone. A bad value gives a message per field, never an
exception: the pages show it beside the form, the API answers 400 naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import current_app
from flask_babel import gettext as _

from core.db import db
from core.i18n import viewer_zone
from core.models import User
from plugins.sla.reports.scope import department_names

PERIODS = ("month", "week", "range")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MAX_DAYS = 366


@dataclass
class Filters:
    """A valid request: the period ``[start, end)`` in UTC, and the chosen slices."""

    period: str
    start: datetime
    end: datetime
    first_day: date
    last_day: date
    module: str = ""
    entity: str = ""
    department: str = ""
    employee: int | None = None
    raw: dict[str, str] = field(default_factory=dict)

    def query(self, **changes: Any) -> dict[str, str]:
        """The request's parameters (for links and exports), with ``changes``."""
        out = {k: v for k, v in self.raw.items() if v}
        out.update({k: str(v) for k, v in changes.items() if v not in (None, "")})
        for k, v in changes.items():
            if v in (None, ""):
                out.pop(k, None)
        return out


def read_filters(args: Any, default_month_offset: int = 0) -> tuple[Filters | None, dict]:
    """``(filters, {})`` for good ``args``, or ``(None, {field: message})``."""
    raw = {
        k: str(args.get(k, "")).strip()
        for k in ("period", "month", "week", "from", "to", "module", "entity", "department")
    }
    raw["employee"] = str(args.get("employee", "")).strip()
    errors: dict[str, str] = {}
    period = raw["period"] or "month"
    today = datetime.now(viewer_zone()).date()
    first = last = today
    if period not in PERIODS:
        errors["period"] = _("choose month, week or range")
    elif period == "month":
        first, last = _month(raw["month"], today, default_month_offset, errors)
    elif period == "week":
        first, last = _week(raw["week"], today, errors)
    else:
        first, last = _range(raw["from"], raw["to"], errors)
    registry = current_app.extensions["nhip"].entities
    if raw["module"] and raw["module"] not in {e.module for e in registry}:
        errors["module"] = _("no such module")
    if raw["entity"] and raw["entity"] not in registry:
        errors["entity"] = _("no such record type")
    if raw["department"] and raw["department"] not in department_names():
        errors["department"] = _("no such department")
    employee = None
    if raw["employee"]:
        employee = _employee(raw["employee"], errors)
    if errors:
        return None, errors
    zone = viewer_zone()
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    raw["period"] = period
    return (
        Filters(
            period,
            start,
            end,
            first,
            last,
            raw["module"],
            raw["entity"],
            raw["department"],
            employee,
            raw,
        ),
        {},
    )


def _month(text: str, today: date, offset: int, errors: dict) -> tuple[date, date]:
    if not text:
        year, month = today.year, today.month + offset
        while month < 1:
            year, month = year - 1, month + 12
    else:
        found = MONTH.match(text)
        year, month = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        if not found or not 1 <= month <= 12 or not 1900 < year < 9999:
            errors["month"] = _("a month is written YYYY-MM")
            return today, today
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _week(text: str, today: date, errors: dict) -> tuple[date, date]:
    if not text:
        first = today - timedelta(days=today.weekday())
        return first, first + timedelta(days=6)
    found = WEEK.match(text)
    try:
        if not found or not 1900 < int(found.group(1)) < 9999:
            raise ValueError(text)
        first = date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)
    except ValueError:
        errors["week"] = _("a week is written YYYY-Www, such as 2026-W05")
        return today, today
    return first, first + timedelta(days=6)


def _range(start: str, end: str, errors: dict) -> tuple[date, date]:
    days = []
    for name, text in (("from", start), ("to", end)):
        try:
            days.append(date.fromisoformat(text) if len(text) == 10 else None)
        except ValueError:
            days.append(None)
        if days[-1] is None or not 1900 < days[-1].year < 9999:
            errors[name] = _("a day is written YYYY-MM-DD")
    if "from" in errors or "to" in errors:
        return date.min, date.min
    first, last = days
    if last < first:
        errors["to"] = _("the end comes before the start")
    elif (last - first).days >= MAX_DAYS:
        errors["to"] = _("a range is at most %(n)d days", n=MAX_DAYS)
    return first, last


def _employee(text: str, errors: dict) -> int | None:
    if not text.isdigit() or not 0 < int(text) < 2**31:
        errors["employee"] = _("an employee is chosen by their user id")
        return None
    if db.session.get(User, int(text)) is None:
        errors["employee"] = _("no such user")
        return None
    return int(text)
