"""``GET /api/v1/entities``: the record types the caller may read, described from the registry."""

from __future__ import annotations

from typing import Any

from flask import current_app

from core.api import bp
from core.api.answers import answer
from core.api.limits import limits_of
from core.auth import has_permission, login_only
from core.entities import Child, EntityType, Field


@bp.get("/entities")
@login_only
def entities():
    """Every entity type whose read permission the caller holds, with fields and workflow."""
    registry = current_app.extensions["nhip"].entities
    items = [describe(e) for e in registry if has_permission(e.read_permission)]
    return answer({"items": items})


def describe(entity: EntityType) -> dict[str, Any]:
    """One entity type as JSON: labels, permissions, fields, states, transitions, children."""
    return {
        "key": entity.key,
        "label": str(entity.label),
        "label_plural": str(entity.label_plural),
        "plugin": entity.plugin,
        "url": f"/api/v1/{entity.key}",
        "read_permission": entity.read_permission,
        "write_permission": entity.write_permission,
        "read_only": entity.read_only,
        "fields": [describe_field(entity.model, f) for f in entity.fields],
        "states": [{"name": s.name, "label": s.text, "final": s.final} for s in entity.states],
        "initial_state": entity.initial_state,
        "transitions": [
            {
                "from": t.source,
                "to": t.target,
                "label": t.text,
                "permission": entity.transition_permission(t),
            }
            for t in entity.transitions
        ],
        "children": [describe_child(c) for c in entity.children],
    }


def describe_field(model: type, fld: Field) -> dict[str, Any]:
    """One field: name, type, label, choices, reference, flags and bounds."""
    limits = limits_of(model, fld)
    return {
        "name": fld.name,
        "type": fld.type,
        "label": fld.text,
        "choices": [{"value": c.value, "label": c.text} for c in fld.choices],
        "ref": fld.ref,
        "required": fld.required,
        "editable": fld.editable,
        "filterable": fld.filterable,
        "sortable": fld.sortable,
        "max_length": limits.max_length,
        "minimum": _bound(fld, limits.minimum),
        "maximum": _bound(fld, limits.maximum),
    }


def describe_child(child: Child) -> dict[str, Any]:
    """A list of rows written with the record (order lines)."""
    return {
        "name": child.name,
        "label": str(child.label) if child.label is not None else child.name,
        "required": child.required,
        "fields": [describe_field(child.model, f) for f in child.fields],
    }


def _bound(fld: Field, value) -> int | str | None:
    """Integer bounds as numbers; decimal bounds as strings, like decimal values."""
    if value is None:
        return None
    return format(value, "f") if fld.type == "decimal" else int(value)
