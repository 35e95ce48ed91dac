"""Working days of a leave period and each employee's annual leave balance.

Working days come from the ``working_days`` hook, so that leave leaves out the public holidays
and company days off the organisation's calendar holds (SLA answers it from its calendars)
without HR importing the plugin that answers; with no answer they are Monday to Friday
(``plugins.hr.leave.count_working_days``).

The balance of a year: the employee's allowance (``Employee.leave_allowance``, 12 working days
by default, Vietnam's statutory minimum) minus the working days of their *annual* leave
requests of that year that are approved or waiting for a decision (submitted). Sick, unpaid and
other leave do not use it. A request belongs to the year of its first day. Asking for more
than the balance is refused (saving, submitting), with the balance in the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from core.db import db
from core.locks import locked_rows
from plugins.hr.leave import count_working_days
from plugins.hr.models import Employee, LeaveRequest

#: the states whose working days are taken from the balance
USING_BALANCE = ("submitted", "approved")
#: the leave type the allowance is for
ANNUAL = "annual"


def this_year(user) -> int:
    """The current year where ``user`` is (their time zone)."""
    from zoneinfo import ZoneInfo

    from core.db import utcnow

    zone = getattr(user, "timezone", None) or "Asia/Ho_Chi_Minh"
    return utcnow().astimezone(ZoneInfo(zone)).year


def working_dates(first: date, last: date, user_id: int | None) -> list[date] | None:
    """The working dates of the period from the ``working_days`` hook, or None (no answer)."""
    from core.records import entity_type

    return current_app.extensions["nhip"].hook.working_days(
        first=first, last=last, user_id=user_id, entity=entity_type("hr.leave_request")
    )


def leave_days(first: date, last: date, user_id: int | None) -> int:
    """How many working days a leave from ``first`` to ``last`` (both included) takes."""
    if last < first:
        return 0
    dates = working_dates(first, last, user_id)
    return len(dates) if dates is not None else count_working_days(first, last)


@dataclass(frozen=True)
class Balance:
    """An employee's annual leave in ``year``, in working days."""

    year: int
    allowance: int
    approved: int
    pending: int

    @property
    def used(self) -> int:
        return self.approved + self.pending

    @property
    def remaining(self) -> int:
        return self.allowance - self.used


def balance_of(employee: Employee, year: int, leaving_out: int | None = None) -> Balance:
    """``employee``'s balance of ``year`` (one query); ``leaving_out``: a request's id not to
    count (the one being checked)."""
    stmt = (
        select(LeaveRequest.state, func.coalesce(func.sum(LeaveRequest.working_days), 0))
        .where(
            LeaveRequest.employee_id == employee.id,
            LeaveRequest.leave_type == ANNUAL,
            LeaveRequest.state.in_(USING_BALANCE),
            LeaveRequest.first_day >= date(year, 1, 1),
            LeaveRequest.first_day < date(year + 1, 1, 1),
        )
        .group_by(LeaveRequest.state)
    )
    if leaving_out is not None:
        stmt = stmt.where(LeaveRequest.id != leaving_out)
    days = dict(db.session.execute(stmt).all())
    return Balance(
        year=year,
        allowance=employee.leave_allowance,
        approved=int(days.get("approved", 0)),
        pending=int(days.get("submitted", 0)),
    )


def over_balance(record: LeaveRequest, lock: bool = False) -> Balance | None:
    """The balance ``record`` would overdraw (annual leave asking more working days than are
    left in the year of its first day), else None. ``lock`` locks the employee's row until the
    transaction ends first, so that two requests submitted at once are counted one after the
    other."""
    if (record.leave_type or ANNUAL) != ANNUAL or record.first_day is None:
        return None
    if record.employee_id is None:
        return None
    if lock:
        rows = locked_rows(Employee, Employee.id == record.employee_id)
        employee = rows[0] if rows else None
    else:
        employee = db.session.get(Employee, record.employee_id)
    if employee is None:
        return None
    balance = balance_of(employee, record.first_day.year, leaving_out=record.id)
    return balance if (record.working_days or 0) > balance.remaining else None


def balance_message(record: LeaveRequest, balance: Balance) -> str:
    """Why ``record`` is refused: what it asks and what is left (in the viewer's language)."""
    return _(
        "this asks for %(asked)d working days of annual leave, but only %(left)d are left "
        "in %(year)d (%(allowance)d a year)",
        asked=record.working_days or 0,
        left=max(balance.remaining, 0),
        year=balance.year,
        allowance=balance.allowance,
    )
