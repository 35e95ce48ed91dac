"""Reading request bodies: strict JSON, checked against the entity's write schema.

Everything a client can get wrong is a 422 naming the field: a body that is not JSON or not an
object, unknown or read-only names, wrong types, values out of range or too long for their
column, and references to records that do not exist (or that the caller may not see).
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, request
from flask_login import current_user

from core.api.shapes import transition_schema, write_schema
from core.api.validation import errors_of
from core.auth import has_permission
from core.db import db
from core.entities import EntityType, Field
from core.errors import ValidationError, no_such_record
from core.listing import base_select

EMPTY = object()
ALWAYS_READ_ONLY = ("id", "badges", "version")


def json_body() -> Any:
    """The parsed body, or ``EMPTY`` when there is none; 422 when it is not strict JSON."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return EMPTY
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise ValidationError({}, "the request body is not valid JSON") from None


def object_body() -> dict[str, Any]:
    """The body, which must be a JSON object (send ``{}`` for "nothing")."""
    body = json_body()
    if body is EMPTY or not isinstance(body, dict):
        raise ValidationError({}, "the request body must be a JSON object")
    return body


def record_values(entity: EntityType, creating: bool, actor_id: int | None) -> dict[str, Any]:
    """The body of a creation or update, checked; the values go to ``core.records`` as sent.

    On creation, required fields the entity fills in for ``actor_id`` may be left out.
    """
    body = object_body()
    defaulted = (entity.defaults(actor_id) or {}) if creating and entity.defaults else {}
    errors = errors_of(write_schema(entity, creating, defaulted), body)
    _explain_read_only(entity, errors)
    if not errors:
        errors.update(_missing_references(entity, body))
    if errors:
        raise ValidationError(errors)
    return body


def transition_request(entity: EntityType) -> tuple[str, str]:
    """``(to, note)`` from a transition body."""
    body = object_body()
    errors = errors_of(transition_schema(entity), body)
    if errors:
        raise ValidationError(errors)
    return body["to"], (body.get("note") or "").strip()


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")


def _explain_read_only(entity: EntityType, errors: dict[str, str]) -> None:
    """Say "read-only field" rather than "unknown field" for names the API does answer."""
    for path, message in list(errors.items()):
        if message != "unknown field":
            continue
        head, _, rest = path.partition("[")
        if not rest:
            if head == "state" and entity.has_states and not entity.has_field("state"):
                errors[path] = "read-only field: change it with the transition operation"
            elif head in ALWAYS_READ_ONLY or entity.has_field(head):
                errors[path] = "read-only field"
            continue
        child = entity.child(head)
        name = rest.partition(".")[2]
        if child is not None and (name == "id" or child.has_field(name)):
            errors[path] = "read-only field (writing the list replaces its rows)"


def _missing_references(entity: EntityType, body: dict[str, Any]) -> dict[str, str]:
    """Reference fields whose id names no record of the entity type they point at."""
    errors: dict[str, str] = {}
    for fld in entity.fields:
        if fld.name in body:
            _check_reference(fld, body[fld.name], fld.name, errors)
    for child in entity.children:
        for index, row in enumerate(body.get(child.name) or []):
            for fld in child.fields:
                if fld.name in row:
                    where = f"{child.name}[{index}].{fld.name}"
                    _check_reference(fld, row[fld.name], where, errors)
    return errors


def _check_reference(fld: Field, value: Any, where: str, errors: dict[str, str]) -> None:
    """A record outside the caller's scope answers exactly as a missing one. Of a type the
    caller may not read at all (``core.user`` for most) any existing record may be named; an
    entity whose field accepts fewer refuses the others in these same words (``no_such_record``),
    so that the answer never tells whether the id exists."""
    if fld.type != "ref" or value is None:
        return
    registry = current_app.extensions["nhip"].entities
    if fld.ref not in registry:
        return
    target = registry.get(fld.ref)
    if has_permission(target.read_permission):
        seen = base_select(target, current_user).where(target.model.id == int(value))
        found = db.session.execute(seen.limit(1)).first() is not None
    else:
        found = db.session.get(target.model, int(value)) is not None
    if not found:
        errors[where] = no_such_record(fld.ref, int(value))
