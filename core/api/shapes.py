"""JSON Schemas of records, generated from the entity registry.

One schema per use: how a record is read (every declared field, ``state``, children, badges),
how it is written on creation and on a partial update (editable fields only, no unknown names),
and the body of a transition. The OpenAPI document publishes them and the API checks bodies
against the very same schemas (``core.api.validation``), so what the document promises and
what the API accepts never drift apart.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

from core.api.limits import Limits, limits_of
from core.entities import Child, EntityType, Field

BADGE_REF = {"$ref": "#/components/schemas/Badge"}
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
NOTE_MAX_LENGTH = 4000
VERSION_HELP = (
    "the record's version as the caller last read it (its `version`, or its `ETag`); a record "
    "changed since is not changed but answered with 409 naming what changed"
)
VERSION_READ = {
    "type": "integer",
    "minimum": 0,
    "description": "grows with every change of the record; send it back in `If-Match` (or "
    "as `version`) when changing the record, so that a change made meanwhile is not overwritten",
}
VERSION_WRITE = {"type": "integer", "minimum": 0, "description": VERSION_HELP}
MESSAGE = "x-message"

READ_TYPES = {
    "str": "string",
    "text": "string",
    "email": "string",
    "choice": "string",
    "date": "string",
    "datetime": "string",
    "decimal": "string",
    "int": "integer",
    "money": "integer",
    "ref": "integer",
    "bool": "boolean",
}


def field_read_schema(model: type, fld: Field) -> dict[str, Any]:
    """How ``fld`` appears in a record read from the API (always present, maybe null)."""
    schema: dict[str, Any] = {"type": [READ_TYPES[fld.type], "null"], **_about(fld)}
    if fld.type == "choice":
        schema["enum"] = [c.value for c in fld.choices] + [None]
    elif fld.type == "date":
        schema["format"] = "date"
    elif fld.type == "datetime":
        schema["format"] = "date-time"
    elif fld.type == "decimal":
        schema["pattern"] = r"^-?[0-9]+(\.[0-9]+)?$"
    return schema


def field_write_schema(model: type, fld: Field, *, nullable: bool) -> dict[str, Any]:
    """What a client may send for ``fld``; ``nullable`` lets it send null (to clear it)."""
    limits = limits_of(model, fld)
    schema = _write_value(fld, limits, nullable)
    schema.update(_about(fld))
    return schema


def _write_value(fld: Field, limits: Limits, nullable: bool) -> dict[str, Any]:
    kind = fld.type
    if kind == "decimal":
        return _decimal_schema(limits, nullable)
    if kind == "choice":
        values: list[Any] = [c.value for c in fld.choices]
        if nullable:
            values.append(None)
        return {"type": _maybe_null("string", nullable), "enum": values}
    if kind == "bool":
        return {"type": _maybe_null("boolean", nullable)}
    if kind in ("int", "money", "ref"):
        return {
            "type": _maybe_null("integer", nullable),
            "minimum": limits.minimum,
            "maximum": limits.maximum,
        }
    schema: dict[str, Any] = {"type": _maybe_null("string", nullable)}
    if kind == "date":
        schema["format"] = "date"
    elif kind == "datetime":
        schema["format"] = "date-time"
    elif kind == "email":
        schema["pattern"] = EMAIL_PATTERN if fld.required else f"^$|{EMAIL_PATTERN}"
        schema[MESSAGE] = "not an e-mail address"
    elif fld.required:
        schema["pattern"] = r"\S"
        schema[MESSAGE] = "required"
    if limits.max_length and kind in ("str", "text", "email"):
        schema["maxLength"] = limits.max_length
    return schema


def _decimal_schema(limits: Limits, nullable: bool) -> dict[str, Any]:
    low, high = limits.minimum, limits.maximum
    assert low is not None and high is not None and limits.places is not None
    whole = max(len(str(int(abs(low)))), len(str(int(abs(high)))), 1)
    sign = "" if low >= 0 else "-?"
    fraction = rf"(\.[0-9]{{1,{limits.places}}})?" if limits.places else ""
    options: list[dict[str, Any]] = [
        {"type": "string", "pattern": rf"^{sign}[0-9]{{1,{whole}}}{fraction}$"},
        {"type": "number", "minimum": _number(low), "maximum": _number(high)},
    ]
    if nullable:
        options.append({"type": "null"})
    places = f", at most {limits.places} digits after the point" if limits.places else ""
    return {
        "anyOf": options,
        MESSAGE: f'must be a decimal number such as "12.5" (from {low} to {high}{places})',
        "x-decimal-places": limits.places,
    }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _maybe_null(kind: str, nullable: bool) -> str | list[str]:
    return [kind, "null"] if nullable else kind


def _about(fld: Field) -> dict[str, Any]:
    about: dict[str, Any] = {"title": fld.text}
    notes = []
    if fld.help is not None:
        notes.append(str(fld.help))
    if fld.type == "ref":
        notes.append(f"the id of a {fld.ref} record")
    if fld.type == "money":
        notes.append("amount in VND (whole đồng)")
    if fld.type == "decimal":
        notes.append("a decimal number, read back as a string to keep every digit")
    if notes:
        about["description"] = "; ".join(notes)
    return about


# -- records -------------------------------------------------------------------------------
def read_schema(entity: EntityType) -> dict[str, Any]:
    """A record as the API answers it."""
    properties: dict[str, Any] = {"id": {"type": "integer", "minimum": 1}}
    for fld in entity.fields:
        properties[fld.name] = field_read_schema(entity.model, fld)
    if entity.has_states and "state" not in properties:
        properties["state"] = {
            "type": "string",
            "enum": [s.name for s in entity.states],
            "description": "workflow state; change it with the transition operation",
        }
    for child in entity.children:
        properties[child.name] = {"type": "array", "items": child_read_schema(child)}
    properties.setdefault("badges", {"type": "array", "items": BADGE_REF})
    properties.setdefault("version", VERSION_READ)
    return {
        "type": "object",
        "title": str(entity.label),
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def child_read_schema(child: Child) -> dict[str, Any]:
    """One child row (an order line) as the API answers it."""
    properties: dict[str, Any] = {"id": {"type": "integer"}}
    for fld in child.fields:
        properties[fld.name] = field_read_schema(child.model, fld)
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def write_schema(
    entity: EntityType, creating: bool, defaulted: Collection[str] = ()
) -> dict[str, Any]:
    """The body of a creation (``creating``) or of a partial update of ``entity``.

    Required fields must be present on creation, except those in ``defaulted`` (the ones the
    entity fills in for this caller, ``EntityType.defaults``); on an update every field is
    optional but a required one may not be cleared. Unknown and read-only names are refused.
    """
    properties: dict[str, Any] = {}
    required: list[str] = []
    for fld in entity.fields:
        if not fld.editable:
            continue
        must = fld.required and not (creating and fld.name in defaulted)
        properties[fld.name] = field_write_schema(entity.model, fld, nullable=not must)
        if must and creating:
            required.append(fld.name)
    for child in entity.children:
        rows: dict[str, Any] = {"type": "array", "items": child_write_schema(child)}
        if child.required and creating:
            rows["minItems"] = 1
            required.append(child.name)
        if child.label is not None:
            rows["title"] = str(child.label)
        properties[child.name] = rows
    if not creating:
        properties.setdefault("version", VERSION_WRITE)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def child_write_schema(child: Child) -> dict[str, Any]:
    """One child row as a client sends it: its editable fields."""
    properties = {
        fld.name: field_write_schema(child.model, fld, nullable=not fld.required)
        for fld in child.fields
        if fld.editable
    }
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [fld.name for fld in child.fields if fld.editable and fld.required]
    if required:
        schema["required"] = required
    return schema


def transition_schema(entity: EntityType) -> dict[str, Any]:
    """The body of a transition: the target state and an optional note for the audit trail."""
    return {
        "type": "object",
        "properties": {
            "to": {
                "type": "string",
                "enum": [s.name for s in entity.states],
                "description": "the state to move to",
            },
            "note": {
                "type": ["string", "null"],
                "maxLength": NOTE_MAX_LENGTH,
                "description": "kept on the record's audit trail",
            },
            "version": VERSION_WRITE,
        },
        "required": ["to"],
        "additionalProperties": False,
    }
