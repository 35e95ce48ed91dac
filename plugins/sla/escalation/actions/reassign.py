"""``reassign``: give the record to someone else, through the entity's ``responsible_field``.

Configuration: ``to`` is ``manager`` (the responsible person's manager, else the department
head), ``department_head``, ``user:EMAIL``, or ``role:NAME`` (the active member of the role with
the fewest open records of this type, open meaning not in a final state; the current owner only
when nobody else holds the role). The change goes through ``core.records.update``, so it is
audited and the record's own rules and the SLA's retargeting run.
"""

from __future__ import annotations

from sqlalchemy import func

from core import records
from core.db import db
from core.entities import EntityType
from core.models import User
from plugins.sla.escalation.actions.recipients import (
    department_head,
    managers,
    responsible,
    role_members,
    user_by_email,
)
from plugins.sla.escalation.context import (
    DONE,
    FAILED,
    NO_RECIPIENT,
    EscalationContext,
    Outcome,
)


def validate(config: dict) -> list[str]:
    to = config.get("to")
    if to in ("manager", "department_head"):
        return []
    if isinstance(to, str) and (
        (to.startswith("user:") and "@" in to) or (to.startswith("role:") and len(to) > 5)
    ):
        return []
    return ["to: manager, department_head, user:EMAIL or role:NAME"]


def run(context: EscalationContext, config: dict) -> Outcome:
    entity = context.entity
    name = entity.responsible_field
    if not name:
        return Outcome(
            FAILED,
            error=f"{entity.key} declares no responsible field: its records cannot be reassigned",
        )
    to = str(config.get("to") or "")
    current = responsible(context)
    new = _new_owner(context, to, current)
    if new is None:
        return Outcome(NO_RECIPIENT, {"to": to})
    email = db.session.execute(db.select(User.email).where(User.id == new)).scalar_one()
    if new == current:
        return Outcome(DONE, {"to": to, "user_id": new, "email": email, "unchanged": True})
    records.update(entity, context.record, {name: new}, actor_id=None, commit=False)
    return Outcome(DONE, {"to": to, "from_user_id": current, "user_id": new, "email": email})


def _new_owner(context: EscalationContext, to: str, current: int | None) -> int | None:
    if to == "manager":
        found = managers(context, 1)
        return found[0] if found else None
    if to == "department_head":
        return department_head(context)
    if to.startswith("user:"):
        return user_by_email(to[5:])
    if to.startswith("role:"):
        return least_loaded(context.entity, role_members(to[5:]), current)
    return None


def least_loaded(entity: EntityType, members: list[int], current: int | None) -> int | None:
    """The member with the fewest open records of ``entity`` (ties: the earliest account);
    the current owner is chosen only when nobody else is a member."""
    others = [uid for uid in members if uid != current]
    candidates = others or members
    if not candidates:
        return None
    column = getattr(entity.model, entity.field(entity.responsible_field).attr)
    stmt = db.select(column, func.count()).where(column.in_(candidates)).group_by(column)
    if entity.has_states and entity.final_states:
        stmt = stmt.where(entity.model.state.not_in(sorted(entity.final_states)))
    load = dict(db.session.execute(stmt).all())
    return min(candidates, key=lambda uid: (load.get(uid, 0), uid))
