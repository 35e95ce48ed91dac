"""Which entity types SLA can track, and which have tracking switched on."""

from __future__ import annotations

from flask import current_app

from core.db import db
from core.entities import EntityType
from plugins.sla.models import ModuleSwitch

#: plugins whose record types are never tracked: the host's users, SLA's own incidents
NOT_TRACKABLE = frozenset({"core", "sla"})


def trackable_types() -> list[EntityType]:
    """The enabled entity types SLA can track, by key: every plugin's but the host's and
    SLA's own. The overview, the preview, the policy form, configuration files and
    ``nhip sla`` offer these and no others."""
    registry = current_app.extensions["nhip"].entities
    return [e for e in registry if e.plugin not in NOT_TRACKABLE]


def trackable_type(key: str) -> EntityType | None:
    """The trackable entity type ``key``, or None (unknown, disabled or not trackable)."""
    return next((e for e in trackable_types() if e.key == key), None)


def is_tracked(entity_key: str) -> bool:
    """Whether tracking is on for ``entity_key`` (off unless an admin switched it on)."""
    row = db.session.get(ModuleSwitch, entity_key)
    return bool(row and row.enabled)


def tracked_keys() -> set[str]:
    return set(
        db.session.execute(
            db.select(ModuleSwitch.entity).where(ModuleSwitch.enabled.is_(True))
        ).scalars()
    )


def set_tracking(entity_key: str, enabled: bool) -> None:
    """Switch tracking for ``entity_key`` (in the current transaction)."""
    row = db.session.get(ModuleSwitch, entity_key)
    if row is None:
        row = ModuleSwitch(entity=entity_key)
        db.session.add(row)
    row.enabled = enabled
