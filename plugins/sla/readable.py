"""What of the records SLA pages may show their viewer: the entity's read permission and its
row-level scope (``EntityType.visible``), exactly as the record pages apply them.

SLA pages show records (the preview), counts of records (the overview, the home page card) and
titles of records (incidents); a policy's conditions and escalations are evaluated on every
record of its type. So that none of them becomes a way to learn about records one may not read
(a condition as an oracle on a field), pages show only what the viewer may read, and a policy
is written only by someone who may read every record of its type (``reads_every_record``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from core.auth import has_permission
from core.db import db
from core.entities import EntityType
from core.listing import base_select


def may_read(entity: EntityType, user: Any) -> bool:
    """Whether ``user`` may read records of ``entity`` at all."""
    return user is not None and has_permission(entity.read_permission, user)


def reads_every_record(entity: EntityType, user: Any) -> bool:
    """Whether ``user`` may read every record of ``entity``: its read permission, and a scope
    that adds no condition for them (HR officers on leave requests, not managers)."""
    if not may_read(entity, user):
        return False
    if entity.visible is None:
        return True
    plain = select(entity.model)
    return entity.visible(plain, user).whereclause is None


def visible_ids(entity: EntityType, user: Any) -> Select:
    """A select of the ids of the records of ``entity`` that ``user`` may read (none if they
    may not read the type)."""
    if not may_read(entity, user):
        return select(entity.model.id).where(entity.model.id.is_(None))
    return base_select(entity, user).with_only_columns(entity.model.id)


def visible_record(entity: EntityType, record_id: int, user: Any) -> Any | None:
    """The record ``record_id`` of ``entity`` if ``user`` may read it; None otherwise, exactly
    as when it does not exist."""
    if not may_read(entity, user):
        return None
    stmt = base_select(entity, user).where(entity.model.id == record_id)
    return db.session.execute(stmt.limit(1)).scalars().unique().first()


def readable_clocks(entities: Iterable[EntityType], user: Any) -> ColumnElement[bool]:
    """A condition on ``Clock`` keeping the clocks of the records of ``entities`` that ``user``
    may read (a type they may not read, or a record outside their scope, counts for nothing)."""
    from plugins.sla.models import Clock

    kept = []
    for entity in entities:
        if not may_read(entity, user):
            continue
        if entity.visible is None:
            kept.append(Clock.entity == entity.key)
        else:
            kept.append(
                and_(Clock.entity == entity.key, Clock.record_id.in_(visible_ids(entity, user)))
            )
    return or_(*kept) if kept else false()


def policy_refusal(entity_keys: Iterable[Any], user: Any) -> str | None:
    """Why ``user`` may not write a policy on (or move one away from) these record types, or
    None. Unknown keys are left to the document's own checks."""
    registry = current_app.extensions["nhip"].entities
    for key in entity_keys:
        if not isinstance(key, str) or key not in registry:
            continue
        entity = registry.get(key)
        if not reads_every_record(entity, user):
            return _(
                "you may not read every record of %(label)s: a policy on them is written by "
                "someone who may, since its conditions would tell about records you cannot see",
                label=entity.label_plural,
            )
    return None


def document_refusals(doc: Any, user: Any) -> list[str]:
    """Each policy of an imported document that ``user`` may not write, with its place (the
    policy it replaces, found by name, counts too)."""
    from plugins.sla.models import Policy

    policies = doc.get("policies") if isinstance(doc, dict) else None
    problems = []
    for index, definition in enumerate(policies if isinstance(policies, list) else []):
        if not isinstance(definition, dict):
            continue
        keys = [definition.get("entity")]
        if isinstance(definition.get("name"), str):
            keys += db.session.execute(
                select(Policy.entity).where(Policy.name == definition["name"])
            ).scalars()
        refusal = policy_refusal(keys, user)
        if refusal:
            problems.append(f"policies[{index}].entity: {refusal}")
    return problems
