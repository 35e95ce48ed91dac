"""The demo company's organisation: departments, 25 employees in a manager chain, their logins
and about 20 leave requests in every state (idempotent: natural keys are checked first).

Departments (code · name): ``EXEC`` Ban Giám đốc (the root), and under it ``SALES`` Kinh doanh,
``WAREHOUSE`` Kho vận, ``CARE`` Chăm sóc khách hàng, ``HR`` Nhân sự, ``ACCOUNTING`` Kế toán.
The chain is CEO → department heads → staff.

Logins created here (other plugins' demo data may use them by e-mail, without importing HR;
``DemoContext.add_user`` returns an existing user unchanged, so whoever runs first creates them,
and HR links each to its employee record):

====================================  ==========  =============================================
e-mail (all ``@nhip.local``)          department  roles
====================================  ==========  =============================================
``ceo``                               EXEC        employee, manager
``head.sales``                        SALES       employee, manager, sales, sales_manager
``head.warehouse``                    WAREHOUSE   employee, manager, warehouse
``head.care``                         CARE        employee, manager, support
``head.hr``                           HR          employee, manager, hr_officer
``head.accounting``                   ACCOUNTING  employee, manager, purchaser
``sales1``, ``sales2``                SALES       employee, sales
``warehouse1``, ``warehouse2``        WAREHOUSE   employee, warehouse
``support1``, ``support2``            CARE        employee, support
``purchaser``                         ACCOUNTING  employee, purchaser
====================================  ==========  =============================================

The other employees have e-mails but no login. Their names and roles are the canonical ones
(``plugins.hr.demo_data.PEOPLE``); the CRM's and orders' demo data use the same literal names.

Leave requests are dated around the day the demo is loaded and keyed by (employee, reason), so
a second load adds nothing. Every record's history is back-dated onto working hours
(``core.demo_time``): the organisation was entered some nine weeks before the load; a
request is filed days before an annual leave (a sick leave on its first morning), submitted at
once, and decided within a working day or two, a few late ones included.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from random import Random
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import demo_time, records
from core.db import db
from core.demo import DemoContext
from core.demo_time import DAY, Timeline
from core.models import User
from plugins.hr import org
from plugins.hr.demo_data import DEPARTMENTS, EMPLOYEES, LEAVES, PATHS, PEOPLE, email
from plugins.hr.models import Department, Employee, LeaveRequest
from plugins.hr.rules import deciding_refusals

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
#: working minutes between the load and the moment the organisation was entered
SET_UP = 45 * DAY + 200
#: working minutes a leave step takes after the one before: (min, max)
SUBMIT = (1, 30)
DECIDE = (30, 900)
DECIDE_LATE = (1000, 2400)  # past the two working days the demo's SLA policy allows
DECIDE_SICK = (20, 240)
CANCEL = (60, DAY * 2)
LATE = 0.15


def load_demo(demo: DemoContext) -> None:
    """Load HR's demo data in one transaction, then commit."""
    timelines: list[Timeline] = []
    moment = demo_time.subtract(demo.now, SET_UP)
    departments = _departments(timelines, moment)
    employees = _employees(demo, departments, timelines, moment)
    _heads(departments, employees, timelines)
    _leaves(demo, employees, timelines)
    demo_time.backdate(timelines)
    db.session.commit()


def _departments(timelines: list[Timeline], moment: datetime) -> dict[str, Department]:
    out: dict[str, Department] = {}
    for index, (code, name, parent) in enumerate(DEPARTMENTS):
        found = db.session.execute(
            select(Department).where(Department.code == code)
        ).scalar_one_or_none()
        if found is None:
            values = {"code": code, "name": name, "parent_id": out[parent].id if parent else None}
            found = records.create("hr.department", values, None, commit=False)
            timelines.append(Timeline("hr.department", found, [demo_time.add(moment, 2 * index)]))
        out[code] = found
    return out


def _employees(
    demo: DemoContext,
    departments: dict[str, Department],
    timelines: list[Timeline],
    moment: datetime,
) -> dict[str, Employee]:
    out: dict[str, Employee] = {}
    for index, (key, name, dept, manager, position, roles) in enumerate(EMPLOYEES):
        user = demo.add_user(email(key), *_login(key)) if roles else None
        found = db.session.execute(
            select(Employee).where(Employee.email == email(key))
        ).scalar_one_or_none()
        if found is None:
            values = {
                "name": name,
                "email": email(key),
                "user_id": user.id if user else None,
                "department_id": departments[dept].id,
                "manager_id": out[manager].id if manager else None,
                "position": position,
                "hire_date": date(2014 + index % 11, index * 5 % 12 + 1, index * 7 % 28 + 1),
                "active": True,
            }
            found = records.create("hr.employee", values, None, commit=False)
            at = demo_time.add(moment, 15 + 3 * index)
            timelines.append(Timeline("hr.employee", found, [at]))
        elif user is not None and found.user_id is None and org.employee_of_user(user.id) is None:
            records.update("hr.employee", found, {"user_id": user.id}, None, commit=False)
        out[key] = found
    return out


def _login(key: str) -> tuple[str, list[str]]:
    name, roles = PEOPLE[email(key)]
    return name, list(roles)


def _heads(
    departments: dict[str, Department],
    employees: dict[str, Employee],
    timelines: list[Timeline],
) -> None:
    heads = {"EXEC": "ceo", **{code: f"head.{code.lower()}" for code, *_ in DEPARTMENTS[1:]}}
    planned = {t.record.id: t for t in timelines if t.entity == "hr.department"}
    last = max((t.instants[-1] for t in timelines), default=None)
    for index, (code, department) in enumerate(departments.items()):
        if department.head_id is None:
            head = employees[heads[code]]
            records.update("hr.department", department, {"head_id": head.id}, None, commit=False)
            timeline = planned.get(department.id)
            if timeline is not None and last is not None:
                timeline.instants.append(demo_time.add(last, 5 + index))


def _leaves(demo: DemoContext, employees: dict[str, Employee], timelines: list[Timeline]) -> None:
    rng = Random(20261127)
    today = demo.now.astimezone(ZONE).date()
    for key, kind, offset, length, state, reason, note in LEAVES:
        employee = employees[key]
        first = _weekday_on_or_after(today + timedelta(days=offset))
        filed, gaps = _leave_times(rng, demo.now, kind, first, PATHS[state])
        exists = db.session.execute(
            select(LeaveRequest.id).where(
                LeaveRequest.employee_id == employee.id, LeaveRequest.reason == reason
            )
        ).first()
        if exists:
            continue
        values = {
            "employee_id": employee.id,
            "leave_type": kind,
            "first_day": first,
            "last_day": _add_working_days(first, length - 1),
            "reason": reason,
        }
        owner = employee.user_id
        leave = records.create("hr.leave_request", values, owner, commit=False)
        timeline = Timeline("hr.leave_request", leave, [filed])
        instants = demo_time.steps(filed, gaps, demo.now)
        for step, at in zip(PATHS[state], instants, strict=True):
            deciding = step in ("approved", "rejected")
            actor = _decider(leave) if deciding else owner
            if deciding and actor is None:
                break  # nobody in the demo may decide it: it stays submitted
            records.transition(
                "hr.leave_request", leave, step, actor, note=note if deciding else "", commit=False
            )
            timeline.instants.append(at)
            if deciding:
                leave.decided_at = at
        timelines.append(timeline)


def _leave_times(
    rng: Random, now: datetime, kind: str, first: date, path: tuple[str, ...]
) -> tuple[datetime, list[float]]:
    """When a request for leave from ``first`` is filed, and the working minutes between its
    steps: annual and other leave days ahead, sick leave on its first morning; submitted at
    once; decided within a working day or two (some late), or cancelled some hours later.
    Drawn whether or not the request is created, so that every run plans the same."""
    morning = demo_time.day_start(first)
    if kind == "sick":
        planned = demo_time.add(morning, rng.uniform(5, 50))
    else:
        planned = demo_time.subtract(morning, rng.uniform(2, 8) * DAY)
    recent = demo_time.subtract(now, rng.uniform(30, 2 * DAY))
    gaps = []
    late = rng.random() < LATE
    for step in path:
        if step == "submitted":
            gaps.append(rng.uniform(*SUBMIT))
        elif step == "cancelled":
            gaps.append(rng.uniform(*CANCEL))
        else:
            window = DECIDE_SICK if kind == "sick" else DECIDE_LATE if late else DECIDE
            gaps.append(rng.uniform(*window))
    return (planned if planned < recent else recent), gaps


def _decider(leave: LeaveRequest) -> int | None:
    """Who decides in the demo: the manager, else the HR head, else the administrator —
    the first whom the approval rule accepts (users made by other plugins may lack roles)."""
    fallbacks = dict(
        db.session.execute(
            select(User.email, User.id).where(User.email.in_([email("head.hr"), email("admin")]))
        ).all()
    )
    manager = leave.employee.manager
    candidates = [
        manager.user_id if manager else None,
        fallbacks.get(email("head.hr")),
        fallbacks.get(email("admin")),
    ]
    for user_id in candidates:
        user = db.session.get(User, user_id) if user_id else None
        if user is None:
            continue
        if deciding_refusals([leave], user)[leave.id] is None:
            return user.id
    return None


def _add_working_days(day: date, count: int) -> date:
    for _ in range(count):
        day = _weekday_on_or_after(day + timedelta(days=1))
    return day


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
