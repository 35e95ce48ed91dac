"""Reading ``changes`` ({field: [old, new]}) of an audit entry as labelled, formatted values."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from core.entities import EntityType
from core.models import AuditEntry
from core.ui.display import field_text


def _parsed(kind: str, value: Any) -> Any:
    """Dates and times come back from the JSON column as ISO strings."""
    parse = {"datetime": datetime.fromisoformat, "date": date.fromisoformat}.get(kind)
    if parse is None or not isinstance(value, str):
        return value
    try:
        return parse(value)
    except ValueError:
        return value


def _value_text(entity: EntityType, name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | dict):
        return _("(rows)")
    if name == "state" and entity.has_states and not entity.has_field("state"):
        state = entity.state(value)
        return state.text if state else str(value)
    if not entity.has_field(name):
        return str(value)
    fld = entity.field(name)
    return field_text(fld, _parsed(fld.type, value)) or "—"


def change_rows(entity: EntityType, entry: AuditEntry) -> list[tuple[str, str, str]]:
    """``(field label, old value, new value)`` for each change recorded in ``entry``."""
    return changes_rows(entity, entry.changes or {})


def changes_rows(entity: EntityType, changes: dict[str, Any]) -> list[tuple[str, str, str]]:
    """``(field label, old value, new value)`` for each ``{field: [old, new]}`` of
    ``changes`` (an audit entry's, or those a ``Conflict`` names)."""
    rows = []
    for name, pair in changes.items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if name == "state" and not entity.has_field("state"):
            label = _("State")
        elif entity.has_field(name):
            label = entity.field(name).text
        elif entity.child(name) is not None:
            child = entity.child(name)
            label = str(child.label or child.name)
        else:
            label = name
        rows.append((label, _value_text(entity, name, old), _value_text(entity, name, new)))
    return rows
