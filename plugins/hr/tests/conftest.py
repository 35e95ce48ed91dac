"""A small organisation for HR's tests, built through the service functions.

    ceo ─┬─ boss (head of SALES) ── lead ─┬─ staff
         │                                └─ peer
         ├─ officer (HR, role hr_officer)
         └─ other (WAREHOUSE)

Each person has a login (user id in ``Org.users``) and an employee record (``Org.employees``);
``loner`` has a login with the ``employee`` role but no employee record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from core import records
from core.db import db

MONDAY = date(2026, 12, 7)

ROLES = {
    "ceo": ["employee", "manager"],
    "boss": ["employee", "manager"],
    "lead": ["employee", "manager"],
    "staff": ["employee"],
    "peer": ["employee"],
    "officer": ["employee", "hr_officer"],
    "other": ["employee"],
}
MANAGERS = {
    "ceo": None,
    "boss": "ceo",
    "lead": "boss",
    "staff": "lead",
    "peer": "lead",
    "officer": "ceo",
    "other": "ceo",
}
DEPARTMENT = {
    "ceo": "EXEC",
    "boss": "SALES",
    "lead": "SALES",
    "staff": "SALES",
    "peer": "SALES",
    "officer": "HR",
    "other": "WAREHOUSE",
}


@dataclass
class Org:
    users: dict[str, int] = field(default_factory=dict)
    employees: dict[str, int] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)
    loner: int = 0


@pytest.fixture
def org(app, make_user) -> Org:
    """The organisation above, committed."""
    out = Org()
    for name, roles in ROLES.items():
        out.users[name] = make_user(f"{name}@example.com", roles=roles, name=name.title())
    out.loner = make_user("loner@example.com", roles=["employee"], name="Loner")
    with app.app_context():
        for code in ("EXEC", "SALES", "HR", "WAREHOUSE"):
            department = records.create(
                "hr.department", {"code": code, "name": code.title()}, None, commit=False
            )
            out.departments[code] = department.id
        for name, manager in MANAGERS.items():
            employee = records.create(
                "hr.employee",
                {
                    "name": name.title(),
                    "email": f"{name}@example.com",
                    "user_id": out.users[name],
                    "department_id": out.departments[DEPARTMENT[name]],
                    "manager_id": out.employees[manager] if manager else None,
                },
                None,
                commit=False,
            )
            out.employees[name] = employee.id
        head = {"EXEC": "ceo", "SALES": "boss", "HR": "officer", "WAREHOUSE": "other"}
        for code, name in head.items():
            department = db.session.get(
                records.entity_type("hr.department").model, out.departments[code]
            )
            records.update(
                "hr.department", department, {"head_id": out.employees[name]}, None, commit=False
            )
        db.session.commit()
    return out


def file_leave(
    app,
    org: Org,
    who: str,
    first: date = MONDAY,
    last: date | None = None,
    to: tuple[str, ...] = (),
    deciders: dict[str, str] | None = None,
) -> int:
    """File a leave request for ``who`` (by ``who`` themselves) and move it along ``to``;
    approvals and rejections are made by ``deciders[state]`` (default: the direct manager)."""
    with app.app_context():
        leave = records.create(
            "hr.leave_request",
            {"employee_id": org.employees[who], "first_day": first, "last_day": last or first},
            org.users[who],
        )
        for state in to:
            if state in ("approved", "rejected"):
                actor = (deciders or {}).get(state) or MANAGERS[who]
            else:
                actor = who
            records.transition("hr.leave_request", leave, state, org.users[actor])
        return leave.id
