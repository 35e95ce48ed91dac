"""HR's entity types as the registry describes them: departments, employees, leave requests.

Leave workflow: ``draft → submitted → approved | rejected``; ``cancelled`` from ``draft`` or
``submitted``. ``approved``, ``rejected`` and ``cancelled`` are final. Who may do what is in
``plugins.hr.leave`` (pure rules) and enforced here (``on_create``, ``on_transition``) and in
``plugins.hr.rules`` (edits).

Permissions: departments and employees are read with ``hr.read`` and written with ``hr.write``;
leave requests are read with ``hr.read`` (scoped row by row, see ``leave_scope``), filed,
edited, submitted and cancelled with ``hr.leave``, approved and rejected with ``hr.approve``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.entities import Choice, EntityType, Field, State, Transition
from plugins.hr import rules
from plugins.hr.leave import LEAVE_TYPES
from plugins.hr.models import Department, Employee, LeaveRequest

READ = "hr.read"
WRITE = "hr.write"
APPROVE = "hr.approve"
FILE_LEAVE = "hr.leave"

LEAVE_TYPE_LABELS = {
    "annual": _l("Annual leave"),
    "sick": _l("Sick leave"),
    "unpaid": _l("Unpaid leave"),
    "other": _l("Other leave"),
}
LEAVE_TYPE_CHOICES = tuple(Choice(v, LEAVE_TYPE_LABELS[v]) for v in LEAVE_TYPES)


def department_entity() -> EntityType:
    """``hr.department``: a unit of the organisation, in a tree (``parent_id``); no workflow."""
    return EntityType(
        key="hr.department",
        model=Department,
        label=_l("Department"),
        label_plural=_l("Departments"),
        fields=(
            Field("name", "str", _l("Name"), required=True, max_length=120),
            Field(
                "code",
                "str",
                _l("Code"),
                required=True,
                max_length=20,
                help=_l("Short upper-case key such as SALES; other modules refer to it"),
            ),
            Field("parent_id", "ref", _l("Parent department"), ref="hr.department"),
            Field("head_id", "ref", _l("Head"), ref="hr.employee"),
        ),
        read_permission=READ,
        write_permission=WRITE,
        title=lambda d: d.name,
        responsible_user=lambda d: d.head.user_id if d.head else None,
        responsible_department=lambda d: d.code,
        validate=rules.check_department,
        list_columns=("code", "name", "parent_id", "head_id"),
        search_fields=("name", "code"),
        default_sort="name",
        icon="bi-diagram-3",
    )


def employee_entity() -> EntityType:
    """``hr.employee``: a person, their login, department and manager; no workflow. The
    responsible user of an employee record is the employee's own login."""
    return EntityType(
        key="hr.employee",
        model=Employee,
        label=_l("Employee"),
        label_plural=_l("Employees"),
        fields=(
            Field("name", "str", _l("Name"), required=True, max_length=200),
            Field("email", "email", _l("E-mail"), max_length=254),
            Field("user_id", "ref", _l("Login"), ref="core.user"),
            Field("department_id", "ref", _l("Department"), ref="hr.department"),
            Field("manager_id", "ref", _l("Manager"), ref="hr.employee"),
            Field("position", "str", _l("Position"), max_length=120),
            Field("hire_date", "date", _l("Hire date")),
            Field("active", "bool", _l("Active")),
            Field(
                "leave_allowance",
                "int",
                _l("Annual leave (days a year)"),
                minimum=0,
                maximum=60,
                help=_l("Working days of annual leave a year; the law's minimum is 12"),
            ),
        ),
        read_permission=READ,
        write_permission=WRITE,
        title=lambda e: e.name,
        responsible_user=lambda e: e.user_id,
        person_user=lambda e: e.user_id,
        responsible_department=lambda e: e.department.code if e.department else None,
        validate=rules.check_employee,
        list_columns=("name", "department_id", "position", "manager_id", "email"),
        search_fields=("name", "email", "position"),
        default_sort="name",
        icon="bi-people",
    )


def leave_request_entity() -> EntityType:
    """``hr.leave_request``: time off asked by an employee and decided by their manager or HR.

    Responsible user: the approver (the login of the employee's direct manager; None when the
    manager has no login, HR officers decide then). Responsible department: the employee's.
    """
    return EntityType(
        key="hr.leave_request",
        model=LeaveRequest,
        label=_l("Leave request"),
        label_plural=_l("Leave requests"),
        fields=(
            Field(
                "employee_id",
                "ref",
                _l("Employee"),
                ref="hr.employee",
                help=_l("Leave empty for yourself"),
            ),
            Field("leave_type", "choice", _l("Type"), choices=LEAVE_TYPE_CHOICES),
            Field("first_day", "date", _l("First day"), required=True),
            Field("last_day", "date", _l("Last day"), required=True),
            Field(
                "working_days",
                "int",
                _l("Working days"),
                editable=False,
                help=_l("Working days in the period (no weekends or holidays), counted when saved"),
            ),
            Field("reason", "text", _l("Reason"), filterable=False, sortable=False),
            Field("decided_by_id", "ref", _l("Decided by"), ref="core.user", editable=False),
            Field("decided_at", "datetime", _l("Decided at"), editable=False),
        ),
        read_permission=READ,
        write_permission=FILE_LEAVE,
        states=(
            State("draft", _l("Draft")),
            State("submitted", _l("Submitted"), tone="primary"),
            State("approved", _l("Approved"), final=True, tone="success"),
            State("rejected", _l("Rejected"), final=True, tone="danger"),
            State("cancelled", _l("Cancelled"), final=True, tone="dark"),
        ),
        transitions=(
            Transition("draft", "submitted", _l("Submit")),
            Transition("draft", "cancelled", _l("Cancel"), tone="secondary"),
            Transition("submitted", "approved", _l("Approve"), APPROVE, tone="success"),
            Transition("submitted", "rejected", _l("Reject"), APPROVE, tone="danger"),
            Transition("submitted", "cancelled", _l("Cancel"), tone="secondary"),
        ),
        initial_state="draft",
        title=rules.leave_title,
        responsible_user=rules.approver_user_id,
        responsible_department=lambda r: (
            r.employee.department.code if r.employee and r.employee.department else None
        ),
        visible=rules.leave_scope,
        validate=rules.check_leave,
        defaults=rules.leave_defaults,
        on_create=rules.on_leave_created,
        on_transition=rules.on_leave_transition,
        list_columns=("employee_id", "leave_type", "first_day", "last_day", "working_days"),
        search_fields=("reason",),
        search_refs=("employee_id",),
        default_sort="-first_day",
        icon="bi-calendar2-week",
    )


def hr_entities() -> list[EntityType]:
    """Every entity type HR owns."""
    return [department_entity(), employee_entity(), leave_request_entity()]
