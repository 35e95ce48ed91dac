"""The parts of the OpenAPI document that do not depend on the entity registry: error bodies,
badges, the caller, entity descriptions, notifications, and the standard error responses."""

from __future__ import annotations

from typing import Any

STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}


def ref(name: str) -> dict[str, str]:
    """A reference to ``#/components/schemas/<name>``."""
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], required=None, extra: bool = False) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": extra,
    }


FIELD_DESCRIPTION = _object(
    {
        "name": STRING,
        "type": {
            "type": "string",
            "enum": [
                "str",
                "text",
                "email",
                "int",
                "money",
                "decimal",
                "bool",
                "date",
                "datetime",
                "choice",
                "ref",
            ],
        },
        "label": STRING,
        "choices": {"type": "array", "items": _object({"value": STRING, "label": STRING})},
        "ref": NULLABLE_STRING,
        "required": {"type": "boolean"},
        "editable": {"type": "boolean"},
        "filterable": {"type": "boolean"},
        "sortable": {"type": "boolean"},
        "max_length": {"type": ["integer", "null"]},
        "minimum": {"type": ["integer", "string", "null"]},
        "maximum": {"type": ["integer", "string", "null"]},
    }
)

SCHEMAS: dict[str, Any] = {
    "Error": _object({"error": STRING}),
    "ValidationError": _object(
        {
            "error": STRING,
            "fields": {
                "type": "object",
                "additionalProperties": STRING,
                "description": "a message per field; rows of a list are named `lines[0].quantity`",
            },
        }
    ),
    "Conflict": _object(
        {
            "error": STRING,
            "allowed": {
                "type": "array",
                "items": STRING,
                "description": "for an illegal transition: the states reachable from here",
            },
            "state": {
                "type": "string",
                "description": "someone else changed the record first: its state now",
            },
            "version": {
                "type": "integer",
                "description": "someone else changed the record first: its version now",
            },
            "changed": {
                "type": "object",
                "additionalProperties": {"type": "array", "minItems": 2, "maxItems": 2},
                "description": "someone else changed the record first: each field changed "
                "since the version the caller sent, as `[value then, value now]`",
            },
        },
        required=["error"],
    ),
    "Badge": {
        "type": "object",
        "description": "a badge a plugin put on the record (SLA: `2h 10m left`, `breached`...);"
        " plugins may add keys of their own",
        "properties": {"source": STRING, "label": STRING},
        "required": ["source", "label"],
        "additionalProperties": True,
    },
    "Me": _object(
        {
            "id": INTEGER,
            "email": STRING,
            "name": STRING,
            "roles": {"type": "array", "items": STRING},
        }
    ),
    "Field": FIELD_DESCRIPTION,
    "EntityType": _object(
        {
            "key": STRING,
            "label": STRING,
            "label_plural": STRING,
            "plugin": STRING,
            "url": STRING,
            "read_permission": STRING,
            "write_permission": STRING,
            "read_only": {
                "type": "boolean",
                "description": "records written only by their plugin: no create, change or "
                "transition through the API",
            },
            "fields": {"type": "array", "items": ref("Field")},
            "states": {
                "type": "array",
                "items": _object({"name": STRING, "label": STRING, "final": {"type": "boolean"}}),
            },
            "initial_state": NULLABLE_STRING,
            "transitions": {
                "type": "array",
                "items": _object(
                    {"from": STRING, "to": STRING, "label": STRING, "permission": STRING}
                ),
            },
            "children": {
                "type": "array",
                "items": _object(
                    {
                        "name": STRING,
                        "label": STRING,
                        "required": {"type": "boolean"},
                        "fields": {"type": "array", "items": ref("Field")},
                    }
                ),
            },
        }
    ),
    "EntityTypes": _object({"items": {"type": "array", "items": ref("EntityType")}}),
    "Notification": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "kind": STRING,
            "subject": STRING,
            "body": STRING,
            "url": STRING,
            "entity": NULLABLE_STRING,
            "record_id": {"type": ["integer", "null"]},
            "created_at": {"type": "string", "format": "date-time"},
            "read": {"type": "boolean"},
        },
        "required": ["id", "subject", "created_at", "read"],
    },
    "NotificationPage": {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": ref("Notification")},
            "total": INTEGER,
            "page": INTEGER,
            "per_page": INTEGER,
        },
        "required": ["items", "total", "page", "per_page"],
    },
}


def _error(description: str, schema: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


RESPONSES: dict[str, Any] = {
    "BadRequest": _error(
        "Session (cookie) callers only: the `X-CSRFToken` header is missing or wrong", "Error"
    ),
    "Unauthorized": {
        **_error("No credentials, or an unknown token", "Error"),
        "headers": {"WWW-Authenticate": {"schema": STRING}},
    },
    "Forbidden": _error("The caller lacks the permission this needs", "Error"),
    "NotFound": _error(
        "No such entity type or record, or a record outside the caller's scope", "Error"
    ),
    "Conflict": _error(
        "An illegal transition (with the allowed ones), a business rule refused it, or someone "
        "else changed the record first (its state moved on, or it is no longer at the version "
        "sent in `If-Match`: the fields changed since)",
        "Conflict",
    ),
    "Invalid": _error("The body or parameters are invalid: a message per field", "ValidationError"),
}


def responses(*codes: int) -> dict[str, Any]:
    """The standard error responses for ``codes``."""
    names = {
        400: "BadRequest",
        401: "Unauthorized",
        403: "Forbidden",
        404: "NotFound",
        409: "Conflict",
        422: "Invalid",
    }
    return {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    """``{"application/json": {"schema": schema}}``."""
    return {"application/json": {"schema": schema}}
