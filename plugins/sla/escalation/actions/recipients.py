"""Who an escalation action means: the responsible person, their managers, the department
head, the members of a role, a user named by e-mail. Asked through the org directory hooks
(``user_manager``, ``user_department``, ``department_head``), so that no business plugin is
imported; without HR those answer None and ``manager`` falls back to the department head."""

from __future__ import annotations

from flask import current_app

from core.db import db
from core.models import User, UserRole
from plugins.sla.escalation.context import EscalationContext

#: recipients named by their relation to the record
RELATIONS = ("responsible", "manager", "department_head")


def is_recipient(item: object) -> bool:
    """Whether ``item`` is a recipient a configuration may name."""
    if not isinstance(item, str):
        return False
    if item in RELATIONS:
        return True
    if item.startswith("role:"):
        return len(item) > 5
    return item.startswith("user:") and "@" in item


def _hook():
    return current_app.extensions["nhip"].hook


def responsible(context: EscalationContext) -> int | None:
    """Who answers for the record now (the record's own answer; the clock's if it has none)."""
    found = context.entity.responsible_user_of(context.record)
    return found if found is not None else context.clock.responsible_user_id


def department_head(context: EscalationContext) -> int | None:
    """The head of the record's department, else of the responsible person's department."""
    hook = _hook()
    department = (
        context.entity.responsible_department_of(context.record)
        or context.clock.responsible_department
    )
    head = hook.department_head(department=department) if department else None
    if head is None:
        person = responsible(context)
        own = hook.user_department(user_id=person) if person is not None else None
        if own and own != department:
            head = hook.department_head(department=own)
    return head


def managers(context: EscalationContext, levels: int = 1) -> list[int]:
    """The responsible person's managers, ``levels`` deep up the ``user_manager`` chain
    (2: the manager and the manager's manager). Without a chain (no HR, or the top of it):
    the department head, unless that is the responsible person themselves."""
    person = responsible(context)
    chain: list[int] = []
    current = person
    while current is not None and len(chain) < levels:
        above = _hook().user_manager(user_id=current)
        if above is None or above == person or above in chain:
            break
        chain.append(above)
        current = above
    if not chain:
        head = department_head(context)
        if head is not None and head != person:
            chain.append(head)
    return chain


def role_members(role: str) -> list[int]:
    """The active users holding ``role``, by id."""
    return list(
        db.session.execute(
            db.select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role, User.active.is_(True))
            .order_by(User.id)
        ).scalars()
    )


def user_by_email(email: str) -> int | None:
    """The active user with this e-mail address (case does not matter)."""
    return db.session.execute(
        db.select(User.id).where(User.email == email.strip().lower(), User.active.is_(True))
    ).scalar_one_or_none()


def resolve(context: EscalationContext, item: str, levels: int = 1) -> list[int]:
    """The user ids one configured recipient stands for (possibly none)."""
    if item == "responsible":
        found = responsible(context)
        return [found] if found is not None else []
    if item == "manager":
        return managers(context, levels)
    if item == "department_head":
        found = department_head(context)
        return [found] if found is not None else []
    if item.startswith("role:"):
        return role_members(item[5:])
    if item.startswith("user:"):
        found = user_by_email(item[5:])
        return [found] if found is not None else []
    return []


def active_users(user_ids: list[int]) -> list[User]:
    """The active users among ``user_ids``, in that order."""
    if not user_ids:
        return []
    rows = db.session.execute(
        db.select(User).where(User.id.in_(user_ids), User.active.is_(True))
    ).scalars()
    by_id = {user.id: user for user in rows}
    return [by_id[uid] for uid in user_ids if uid in by_id]
