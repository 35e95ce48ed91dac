"""Which policy applies to a record: the first active policy of its type, by order, whose
conditions hold for the record's declared fields. A policy whose conditions cannot be compared
with the record is marked (``plugins.sla.failures``) and passed over."""

from __future__ import annotations

from typing import Any

from core.db import db
from core.entities import EntityType
from plugins.sla.conditions import FieldSpec, matches
from plugins.sla.failures import note
from plugins.sla.models import Policy, PolicyVersion


def field_specs(entity: EntityType) -> dict[str, FieldSpec]:
    """The declared fields of ``entity`` as the condition language sees them (plus ``state``)."""
    specs = {
        f.name: FieldSpec(f.name, f.type, tuple(c.value for c in f.choices)) for f in entity.fields
    }
    if entity.has_states and "state" not in specs:
        specs["state"] = FieldSpec("state", "choice", tuple(s.name for s in entity.states))
    return specs


def reader(entity: EntityType, record: Any):
    """A function giving the value of a declared field of ``record``."""

    def read(name: str) -> Any:
        if name == "state" and not entity.has_field("state"):
            return getattr(record, "state", None)
        return getattr(record, entity.field(name).attr, None)

    return read


def policies_of(entity_key: str) -> list[Policy]:
    return list(
        db.session.execute(
            db.select(Policy)
            .where(Policy.entity == entity_key, Policy.active.is_(True))
            .order_by(Policy.order, Policy.id)
        ).scalars()
    )


def matching_version(entity: EntityType, record: Any) -> PolicyVersion | None:
    """The current version of the first policy whose conditions hold, or None."""
    specs = field_specs(entity)
    read = reader(entity, record)
    for policy in policies_of(entity.key):
        version = policy.current_version
        if version is None:
            continue
        try:
            if matches(version.conditions or {}, read, specs):
                return version
        except KeyError:
            continue  # a condition on a field the entity no longer declares never matches
        except Exception as exc:  # noqa: BLE001 - one failing policy must not stop the others
            note(policy, exc, entity.key, getattr(record, "id", None))
    return None
