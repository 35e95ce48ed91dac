"""Which entity types have SLA tracking switched on."""

from __future__ import annotations

from core.db import db
from plugins.sla.models import ModuleSwitch


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
