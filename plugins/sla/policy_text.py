"""Policies in words for the admin pages: conditions as sentences ("Priority is Express",
"Customer tier is one of VIP, Gold") with the field and choice labels the record type declares,
and escalation actions by their labels. A clause naming a field the type does not declare is
shown as its JSON."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l

from plugins.sla.labels import state_label

OP_SENTENCES = {
    "eq": _l("%(field)s is %(value)s"),
    "ne": _l("%(field)s is not %(value)s"),
    "in": _l("%(field)s is one of %(value)s"),
    "not_in": _l("%(field)s is none of %(value)s"),
    "gt": _l("%(field)s is more than %(value)s"),
    "gte": _l("%(field)s is at least %(value)s"),
    "lt": _l("%(field)s is less than %(value)s"),
    "lte": _l("%(field)s is at most %(value)s"),
    "contains": _l("%(field)s contains “%(value)s”"),
}
IS_SET = _l("%(field)s is set")
IS_NOT_SET = _l("%(field)s is not set")
EVERY_RECORD = _l("Every record")
AND = _l("and")
OR = _l("or")
STATE = _l("State")
YES, NO = _l("Yes"), _l("No")


def condition_text(condition: Any, entity: Any) -> str:
    """A policy's conditions as one sentence in the viewer's language."""
    if condition in (None, {}):
        return str(EVERY_RECORD)
    return _text(condition, entity, top=True)


def _text(condition: Any, entity: Any, top: bool = False) -> str:
    if (
        isinstance(condition, dict)
        and len(condition) == 1
        and ("all" in condition or "any" in condition)
    ):
        key = "all" if "all" in condition else "any"
        items = condition[key] if isinstance(condition[key], list) else []
        if not items:
            return str(EVERY_RECORD)
        joiner = f" {AND if key == 'all' else OR} "
        parts = [_text(item, entity) for item in items]
        joined = joiner.join(parts)
        return joined if top or len(parts) == 1 else f"({joined})"
    return _clause(condition, entity)


def _clause(test: Any, entity: Any) -> str:
    raw = json.dumps(test, ensure_ascii=False)
    if not isinstance(test, dict):
        return raw
    name, op = test.get("field"), test.get("op")
    label, value_text = _field(entity, name)
    if label is None or (op not in OP_SENTENCES and op != "is_set"):
        return raw
    if op == "is_set":
        return str(IS_SET if test.get("value", True) else IS_NOT_SET) % {"field": label}
    value = test.get("value")
    if op in ("in", "not_in") and isinstance(value, list):
        shown = ", ".join(value_text(v) for v in value)
    else:
        shown = value_text(value)
    return str(OP_SENTENCES[op]) % {"field": label, "value": shown}


def _field(entity: Any, name: Any):
    """The label of a declared field (or ``state``) and how to show one of its values."""
    if entity is None or not isinstance(name, str):
        return None, str
    if entity.has_field(name):
        field = entity.field(name)

        def show(value: Any) -> str:
            if field.type == "choice":
                return field.choice_label(value)
            if field.type == "bool" and isinstance(value, bool):
                return str(YES if value else NO)
            return "" if value is None else str(value)

        return field.text, show
    if name == "state" and entity.has_states:
        return str(STATE), lambda value: state_label(entity, value)
    return None, str


def action_text(action: Any, types: dict) -> str:
    """One escalation action by its type's label (the type's key when unknown)."""
    kind = action.get("type") if isinstance(action, dict) else None
    found = types.get(kind)
    return str(found.label) if found is not None else str(kind)
