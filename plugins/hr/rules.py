"""HR's business checks and effects, called by the host's service functions through the entity
types (``validate``, ``defaults``, ``on_create``, ``on_transition``, ``visible``) and by the
``entity_updated`` hook. The rules themselves are stated in ``plugins.hr.leave``."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, false, select

from core.auth import has_permission
from core.db import db, utcnow
from core.errors import BusinessRuleError
from core.models import AuditEntry, User
from core.ui.dates import date_text
from plugins.hr import org
from plugins.hr.leave import (
    Decider,
    count_working_days,
    date_problems,
    decision_refusal,
    filing_refusal,
)
from plugins.hr.leave_days import balance_message, leave_days, over_balance
from plugins.hr.models import Department, Employee, LeaveRequest

CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,19}$")
#: the longest leave request, in calendar days (a year; a longer absence is filed in parts)
MAX_LEAVE_DAYS = 366


# -- departments and employees ----------------------------------------------------------------
def check_department(record: Department, values: dict, creating: bool) -> dict[str, str]:
    """Code well-formed and unique; parent and head exist; the tree has no loop."""
    errors: dict[str, str] = {}
    with db.session.no_autoflush:
        if record.code and not CODE.match(record.code):
            errors["code"] = _("letters A-Z, digits and _ (2 to 20), starting with a letter")
        elif record.code and _taken(Department, Department.code, record.code, record.id):
            errors["code"] = _("another department has this code")
        if record.parent_id is not None:
            if db.session.get(Department, record.parent_id) is None:
                errors["parent_id"] = _("no such department")
            elif record.parent_id == record.id or org.would_loop(
                Department, "parent_id", record.id, record.parent_id
            ):
                errors["parent_id"] = _("a department cannot sit below itself")
        if record.head_id is not None and db.session.get(Employee, record.head_id) is None:
            errors["head_id"] = _("no such employee")
    return errors


def check_employee(record: Employee, values: dict, creating: bool) -> dict[str, str]:
    """E-mail and login unique; department and manager exist; the chain has no loop."""
    errors: dict[str, str] = {}
    with db.session.no_autoflush:
        if record.email and _taken(Employee, Employee.email, record.email, record.id):
            errors["email"] = _("another employee has this e-mail")
        if record.user_id is not None:
            if db.session.get(User, record.user_id) is None:
                errors["user_id"] = _("no such user")
            elif _taken(Employee, Employee.user_id, record.user_id, record.id):
                errors["user_id"] = _("this login belongs to another employee")
        if record.department_id is not None:
            if db.session.get(Department, record.department_id) is None:
                errors["department_id"] = _("no such department")
        if record.manager_id is not None:
            if db.session.get(Employee, record.manager_id) is None:
                errors["manager_id"] = _("no such employee")
            elif record.manager_id == record.id or org.would_loop(
                Employee, "manager_id", record.id, record.manager_id
            ):
                errors["manager_id"] = _("an employee cannot report to themselves or their reports")
    return errors


def _taken(model: type, column, value: Any, own_id: int | None) -> bool:
    stmt = select(model.id).where(column == value)
    if own_id is not None:
        stmt = stmt.where(model.id != own_id)
    return db.session.execute(stmt.limit(1)).first() is not None


# -- leave requests: reading ------------------------------------------------------------------
def leave_scope(stmt: Select, user: Any) -> Select:
    """Row-level scope: HR officers see every request; anyone else their own and those of
    everyone below them in the manager chain (direct and indirect reports)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return stmt.where(false())
    if org.is_hr_officer(user):
        return stmt
    return stmt.where(LeaveRequest.employee_id.in_(org.team_ids(user.id)))


def leave_title(record: LeaveRequest) -> str:
    """ "Annual leave: Nguyễn Thị Lan, 02/12–04/12/2026" (the type in the reader's language)."""
    from plugins.hr.entities import LEAVE_TYPE_LABELS

    kind = LEAVE_TYPE_LABELS.get(record.leave_type, record.leave_type)
    who = record.employee.name if record.employee else "?"
    first, last = record.first_day, record.last_day
    if first is None or last is None:
        return f"{kind}: {who}"
    if first == last:
        period = f"{first:%d/%m/%Y}"
    elif first.year == last.year:
        period = f"{first:%d/%m}–{last:%d/%m/%Y}"
    else:
        period = f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"
    return f"{kind}: {who}, {period}"


def approver_user_id(record: LeaveRequest) -> int | None:
    """The login expected to decide: the employee's direct manager's (None if they have none)."""
    manager = record.employee.manager if record.employee else None
    return manager.user_id if manager else None


# -- leave requests: writing ------------------------------------------------------------------
def leave_defaults(actor_id: int | None) -> dict[str, Any]:
    """A request is filed for the caller's own employee record unless another is named."""
    employee = org.employee_of_user(actor_id)
    return {"employee_id": employee.id} if employee else {}


def check_leave(record: LeaveRequest, values: dict, creating: bool) -> dict[str, str]:
    """The employee exists and is active, the period makes sense; counts the working days."""
    errors: dict[str, str] = {}
    with db.session.no_autoflush:
        if record.employee_id is None:
            errors["employee_id"] = _("choose the employee (you have no employee record)")
        else:
            employee = db.session.get(Employee, record.employee_id)
            if employee is None:
                errors["employee_id"] = _("no such employee")
            elif creating and not employee.active:
                errors["employee_id"] = _("this employee is no longer active")
    first, last = record.first_day, record.last_day
    days = None
    if first and last and first <= last and (last - first).days < MAX_LEAVE_DAYS:
        days = leave_days(first, last, _login_of(record.employee_id))
    for name, message in date_problems(first, last, days).items():
        errors[name] = _(message)
    if first and last:
        if (last - first).days >= MAX_LEAVE_DAYS:
            errors.setdefault(
                "last_day", _("a leave request covers at most %(n)d days", n=MAX_LEAVE_DAYS)
            )
        record.working_days = days if days is not None else count_working_days(first, last)
    if not errors:
        with db.session.no_autoflush:
            balance = over_balance(record)
        if balance is not None:
            errors["last_day"] = balance_message(record, balance)
    return errors


def _login_of(employee_id: int | None) -> int | None:
    """The login of an employee record (None without one)."""
    employee = db.session.get(Employee, employee_id) if employee_id is not None else None
    return employee.user_id if employee else None


def on_leave_created(record: LeaveRequest, values: dict, actor_id: int | None) -> None:
    """Only the employee themselves or an HR officer files a request."""
    _check_filing(record, actor_id)


def check_leave_edit(record: LeaveRequest, changes: dict, actor_id: int | None) -> None:
    """Edits: only drafts (HR officers may also correct submitted ones), only by the employee
    (before and after the change) or an HR officer."""
    actor = _user(actor_id)
    officer = org.is_hr_officer(actor)
    if record.state not in ("draft", "submitted") or (record.state == "submitted" and not officer):
        raise BusinessRuleError(_("this leave request can no longer be changed"))
    if "employee_id" in changes:
        before = db.session.get(Employee, changes["employee_id"][0])
        owner = before.user_id if before else None
        refusal = filing_refusal(actor_id, owner, officer)
        if refusal:
            raise BusinessRuleError(_(refusal))
    _check_filing(record, actor_id)


def on_leave_transition(
    record: LeaveRequest, from_state: str, to_state: str, actor_id: int | None
) -> None:
    """Submit and cancel: the employee or an HR officer; a submitted period may not overlap
    another open request. Approve and reject: see ``plugins.hr.leave.decision_refusal``, held
    on the decider's identity and the audit trail (``deciding_refusals``)."""
    if to_state in ("approved", "rejected"):
        actor = _user(actor_id)
        refusal = deciding_refusals([record], actor)[record.id]
        if refusal:
            raise BusinessRuleError(_(refusal))
        record.decided_by_id = actor.id if actor else None
        record.decided_at = utcnow()
        return
    _check_filing(record, actor_id)
    if to_state == "submitted":
        balance = over_balance(record, lock=True)
        if balance is not None:
            raise BusinessRuleError(balance_message(record, balance))
        clash = _overlapping(record)
        if clash is not None:
            raise BusinessRuleError(
                _(
                    "this period overlaps another leave request (%(first)s to %(last)s)",
                    first=date_text(clash.first_day),
                    last=date_text(clash.last_day),
                )
            )


def deciding_refusals(requests: list[LeaveRequest], user: Any) -> dict[int, str | None]:
    """For each request, why ``user`` may not approve or reject it (untranslated), or None:
    ``plugins.hr.leave.decision_refusal`` fed with who the employee's logins ever were and who
    filed or submitted the request, from the audit trail (two queries for the whole list)."""
    decider = Decider(
        user_id=user.id if user is not None else None,
        can_approve=user is not None and has_permission("hr.approve", user),
        is_officer=org.is_hr_officer(user),
    )
    logins = org.logins_ever_linked([r.employee_id for r in requests])
    filers = _filers([r.id for r in requests])
    out: dict[int, str | None] = {}
    for request in requests:
        employee = request.employee
        manager = employee.manager
        out[request.id] = decision_refusal(
            decider,
            employee.user_id,
            manager.user_id if manager else None,
            employee_logins=logins.get(employee.id, ()),
            filed_by=filers.get(request.id, ()),
        )
    return out


def _filers(request_ids: list[int]) -> dict[int, set[int]]:
    """Who created each request and who moved it (before a decision: submitted it)."""
    found: dict[int, set[int]] = {}
    if not request_ids:
        return found
    rows = db.session.execute(
        select(AuditEntry.record_id, AuditEntry.user_id).where(
            AuditEntry.entity == "hr.leave_request",
            AuditEntry.record_id.in_(sorted(set(request_ids))),
            AuditEntry.kind.in_(("created", "transition")),
            AuditEntry.user_id.is_not(None),
        )
    )
    for request_id, user_id in rows:
        found.setdefault(request_id, set()).add(user_id)
    return found


def _check_filing(record: LeaveRequest, actor_id: int | None) -> None:
    actor = _user(actor_id)
    employee = db.session.get(Employee, record.employee_id)
    owner = employee.user_id if employee else None
    refusal = filing_refusal(actor_id, owner, org.is_hr_officer(actor))
    if refusal:
        raise BusinessRuleError(_(refusal))


def _overlapping(record: LeaveRequest) -> LeaveRequest | None:
    return db.session.execute(
        select(LeaveRequest)
        .where(
            LeaveRequest.employee_id == record.employee_id,
            LeaveRequest.id != record.id,
            LeaveRequest.state.in_(("submitted", "approved")),
            LeaveRequest.first_day <= record.last_day,
            LeaveRequest.last_day >= record.first_day,
        )
        .limit(1)
    ).scalar_one_or_none()


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id is not None else None
