"""The organisation as queries: who is whose manager, who sits where, who heads what.

Every function here is one database query (recursive common table expressions walk the manager
chain on SQLite and PostgreSQL alike), so the org directory hooks stay cheap for escalations.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, literal, select
from sqlalchemy.orm import aliased

from core.auth import has_permission
from core.db import db
from core.models import AuditEntry, User
from plugins.hr.models import Department, Employee

#: a manager chain longer than this is a data error (a cycle); walks stop there
MAX_CHAIN = 50


def is_hr_officer(user: Any) -> bool:
    """An HR officer holds ``hr.write`` (role ``hr_officer``; administrators hold everything)."""
    return bool(user is not None and getattr(user, "is_authenticated", False)) and has_permission(
        "hr.write", user
    )


def employee_of_user(user_id: int | None) -> Employee | None:
    """The employee record linked to login ``user_id``, or None."""
    if user_id is None:
        return None
    return db.session.execute(
        select(Employee).where(Employee.user_id == user_id)
    ).scalar_one_or_none()


def team_ids(user_id: int) -> Select:
    """A select of the ids of ``user_id``'s own employee record and everyone below it in the
    manager chain (direct and indirect reports). Empty when the user has no employee record."""
    chain = select(Employee.id).where(Employee.user_id == user_id).cte("hr_team", recursive=True)
    below = select(Employee.id).where(Employee.manager_id == chain.c.id)
    # UNION (not UNION ALL) drops rows already seen, so a cycle in bad data still ends
    chain = chain.union(below)
    return select(chain.c.id)


def manager_user_id(user_id: int) -> int | None:
    """The login of the nearest manager above ``user_id`` in the chain who is active and has an
    active login (an inactive or login-less manager is skipped); None at the top or without an
    employee record."""
    up = (
        select(Employee.manager_id.label("id"), literal(1).label("depth"))
        .where(Employee.user_id == user_id, Employee.manager_id.is_not(None))
        .cte("hr_up", recursive=True)
    )
    step = aliased(Employee)
    up = up.union_all(
        select(step.manager_id, up.c.depth + 1)
        .join(up, step.id == up.c.id)
        .where(step.manager_id.is_not(None), up.c.depth < MAX_CHAIN)
    )
    return db.session.execute(
        select(Employee.user_id)
        .join(up, Employee.id == up.c.id)
        .join(User, User.id == Employee.user_id)
        .where(Employee.active.is_(True), User.active.is_(True))
        .order_by(up.c.depth)
        .limit(1)
    ).scalar_one_or_none()


def department_code_of_user(user_id: int) -> str | None:
    """The code of the department of ``user_id``'s employee record, or None."""
    return db.session.execute(
        select(Department.code)
        .join(Employee, Employee.department_id == Department.id)
        .where(Employee.user_id == user_id)
    ).scalar_one_or_none()


def head_user_id(code: str) -> int | None:
    """The login of the head of the department with ``code``, or None (no such department, no
    head, or a head without a login)."""
    return db.session.execute(
        select(Employee.user_id)
        .join(Department, Department.head_id == Employee.id)
        .where(Department.code == str(code).strip().upper())
    ).scalar_one_or_none()


def headed_codes(user_id: int) -> list[str]:
    """The codes of the departments headed by ``user_id``'s employee record, by code."""
    return list(
        db.session.execute(
            select(Department.code)
            .join(Employee, Department.head_id == Employee.id)
            .where(Employee.user_id == user_id)
            .order_by(Department.code)
        ).scalars()
    )


def managed_user_ids(user_id: int) -> list[int] | None:
    """The logins of everyone below ``user_id`` in the manager chain (direct and indirect
    reports) who are active with an active login, by id; None without an employee record."""
    if employee_of_user(user_id) is None:
        return None
    below = team_ids(user_id)
    return list(
        db.session.execute(
            select(Employee.user_id)
            .join(User, User.id == Employee.user_id)
            .where(
                Employee.id.in_(below),
                Employee.user_id != user_id,
                Employee.active.is_(True),
                User.active.is_(True),
            )
            .order_by(Employee.user_id)
        ).scalars()
    )


def department_user_ids(code: str) -> list[int] | None:
    """The logins of the active people of the department with ``code`` (case-insensitive)
    who have an active login, by id; None when there is no such department."""
    department = db.session.execute(
        select(Department.id).where(Department.code == str(code).strip().upper())
    ).scalar_one_or_none()
    if department is None:
        return None
    return list(
        db.session.execute(
            select(Employee.user_id)
            .join(User, User.id == Employee.user_id)
            .where(
                Employee.department_id == department,
                Employee.active.is_(True),
                User.active.is_(True),
            )
            .order_by(Employee.user_id)
        ).scalars()
    )


def department_pairs() -> list[tuple[str, str]]:
    """``(code, name)`` of every department, by name."""
    rows = db.session.execute(select(Department.code, Department.name).order_by(Department.name))
    return [(code, name) for code, name in rows]


def would_loop(model: type, link: str, record_id: int | None, new_parent_id: int | None) -> bool:
    """Whether pointing ``record_id``'s ``link`` (``manager_id``, ``parent_id``) at
    ``new_parent_id`` closes a cycle (the record would be above itself)."""
    if record_id is None or new_parent_id is None:
        return False
    column = getattr(model, link)
    up = select(model.id, column.label("up")).where(model.id == new_parent_id)
    up = up.cte("hr_loop", recursive=True)
    step = aliased(model)
    up = up.union(select(step.id, getattr(step, link)).join(up, step.id == up.c.up))
    found = db.session.execute(select(up.c.id).where(up.c.id == record_id).limit(1)).first()
    return found is not None


def logins_ever_linked(employee_ids: list[int]) -> dict[int, set[int]]:
    """For each employee record, every login it was ever linked to: its login now and each
    value its ``user_id`` held in its audit trail (one query for the trail). Edits of the record
    cannot make a person someone else in the eyes of a rule that uses this."""
    ids = sorted(set(employee_ids))
    found: dict[int, set[int]] = {employee_id: set() for employee_id in ids}
    if not ids:
        return found
    now = db.session.execute(
        select(Employee.id, Employee.user_id).where(Employee.id.in_(ids))
    ).all()
    for employee_id, user_id in now:
        if user_id is not None:
            found[employee_id].add(user_id)
    trail = db.session.execute(
        select(AuditEntry.record_id, AuditEntry.changes).where(
            AuditEntry.entity == "hr.employee",
            AuditEntry.kind == "updated",
            AuditEntry.record_id.in_(ids),
        )
    ).all()
    for employee_id, changes in trail:
        for value in (changes or {}).get("user_id") or ():
            if isinstance(value, int) and not isinstance(value, bool):
                found[employee_id].add(value)
    return found
