"""``raise_priority``: set the record's priority (or another field) through
``core.records.update``, so the record's rules run and SLA policies that depend on the
priority retarget the clocks.

Configuration: ``value`` (the priority to set) and optionally ``field`` (default
``priority``). A choice field is never lowered: when the record's value already comes at or
after ``value`` among the field's choices, nothing changes.
"""

from __future__ import annotations

from core import records
from plugins.sla.escalation.context import DONE, FAILED, EscalationContext, Outcome


def validate(config: dict) -> list[str]:
    field = config.get("field", "priority")
    value = config.get("value")
    if not isinstance(field, str) or not isinstance(value, str) or not value:
        return ["value: the priority to set (text), optionally with field"]
    return []


def run(context: EscalationContext, config: dict) -> Outcome:
    entity = context.entity
    name = config.get("field") or "priority"
    value = config.get("value")
    if not entity.has_field(name):
        return Outcome(FAILED, error=f"{entity.key} has no field {name!r}")
    field = entity.field(name)
    current = getattr(context.record, field.attr)
    detail = {"field": name, "value": value}
    if current == value or _ranks_higher(field, current, value):
        return Outcome(DONE, {**detail, "unchanged": True, "current": current})
    records.update(entity, context.record, {name: value}, actor_id=None, commit=False)
    return Outcome(DONE, {**detail, "from": current})


def _ranks_higher(field, current, value) -> bool:
    """Whether ``current`` comes after ``value`` among the field's choices (already higher)."""
    order = [choice.value for choice in field.choices]
    return current in order and value in order and order.index(current) > order.index(value)
