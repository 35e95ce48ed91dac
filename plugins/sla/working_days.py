"""Working days for other plugins (``working_days`` hook): the dates of a period that the
calendar of a record type's SLA policies counts as worked, so that HR's leave days and SLA's
deadlines read the same public holidays, make-up days and company days off.

The calendar: the one of the first active policy (by order) for the type, else the first
calendar stored (the office's). Without any calendar SLA gives no answer.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from core.db import db
from plugins.sla.calendars import work_calendar
from plugins.sla.models import Calendar, Policy, PolicyVersion


def calendar_for(entity_key: str) -> Calendar | None:
    """The calendar a type's first active policy uses, else the first calendar, else None."""
    used = db.session.execute(
        db.select(Calendar)
        .join(PolicyVersion, PolicyVersion.calendar_id == Calendar.id)
        .join(Policy, Policy.current_version_id == PolicyVersion.id)
        .where(Policy.entity == entity_key, Policy.active.is_(True))
        .order_by(Policy.order, Policy.id)
        .limit(1)
    ).scalar_one_or_none()
    if used is not None:
        return used
    return db.session.execute(
        db.select(Calendar).order_by(Calendar.id).limit(1)
    ).scalar_one_or_none()


def working_dates(first: date, last: date, entity_key: str) -> list[date] | None:
    """The dates from ``first`` to ``last`` (included) with working time in the calendar of
    ``entity_key`` (see ``calendar_for``), or None when SLA has no calendar."""
    stored = calendar_for(entity_key)
    if stored is None:
        return None
    calendar = work_calendar(stored)
    found: list[date] = []
    day = first
    while day <= last:
        start = datetime.combine(day, time(), calendar.zone)
        end = datetime.combine(day + timedelta(days=1), time(), calendar.zone)
        if calendar.working_minutes(start, end) > 0:
            found.append(day)
        day += timedelta(days=1)
    return found
