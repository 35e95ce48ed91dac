"""Path items of the OpenAPI document: one set per entity type, plus the fixed endpoints."""

from __future__ import annotations

from typing import Any

from core.api.openapi_common import INTEGER, json_content, ref, responses
from core.api.shapes import read_schema, transition_schema, write_schema
from core.entities import EntityType
from core.listing import MAX_PER_PAGE

ID_PARAMETER = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "the record's version (its `ETag`) the change is based on: if the record "
    "changed since, nothing is changed and the answer is 409 naming the fields changed",
    "schema": {"type": "string"},
}
ETAG = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "the record's version, quoted (send it back in `If-Match`)",
    }
}
FILTER_HELP = (
    "equality filter; also `{name}__ne`, `__in` (comma-separated), `__gt`, `__gte`, `__lt`, "
    "`__lte` and `__isnull=true|false`"
)


def writable(entity: EntityType) -> bool:
    """Whether clients may create and change records of ``entity`` at all."""
    return not entity.read_only


def entity_schemas(entity: EntityType) -> dict[str, Any]:
    """The components of ``entity``: record, page, create, update and transition bodies."""
    key = entity.key
    schemas: dict[str, Any] = {
        key: read_schema(entity),
        f"{key}.page": {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": ref(key)},
                "total": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "pages": {"type": "integer", "minimum": 1},
            },
            "required": ["items", "total", "page", "per_page", "pages"],
            "additionalProperties": False,
        },
    }
    if writable(entity):
        schemas[f"{key}.create"] = write_schema(entity, creating=True)
        schemas[f"{key}.update"] = write_schema(entity, creating=False)
    if entity.has_states and writable(entity):
        schemas[f"{key}.transition"] = transition_schema(entity)
    return schemas


def entity_paths(entity: EntityType) -> dict[str, Any]:
    """``/<key>``, ``/<key>/{id}`` and (with a workflow) ``/<key>/{id}/transition``."""
    key = entity.key
    label = str(entity.label_plural)
    collection: dict[str, Any] = {
        "get": {
            "operationId": f"{key}.list",
            "summary": f"List {label}",
            "tags": [key],
            "parameters": list_parameters(entity),
            "responses": {
                "200": {"description": "One page", "content": json_content(ref(f"{key}.page"))},
                **responses(401, 403, 404, 422),
            },
        }
    }
    item: dict[str, Any] = {
        "parameters": [ID_PARAMETER],
        "get": {
            "operationId": f"{key}.get",
            "summary": f"Read one {entity.label}",
            "tags": [key],
            "responses": {
                "200": {
                    "description": "The record",
                    "headers": ETAG,
                    "content": json_content(ref(key)),
                },
                **responses(401, 403, 404),
            },
        },
    }
    if writable(entity):
        collection["post"] = _write_operation(entity, "create", f"Create a {entity.label}")
        item["patch"] = _write_operation(entity, "update", f"Change a {entity.label}")
    paths = {f"/{key}": collection, f"/{key}/{{id}}": item}
    if entity.has_states and writable(entity):
        paths[f"/{key}/{{id}}/transition"] = {
            "parameters": [ID_PARAMETER],
            "post": {
                "operationId": f"{key}.transition",
                "summary": f"Move a {entity.label} to another state",
                "description": "Each transition may need its own permission (see "
                "`GET /entities`); a target not reachable from the current state is a 409 "
                "listing the allowed ones. Of concurrent moves of one record one wins, the "
                "others answer 409 with the state it moved to.",
                "tags": [key],
                "parameters": [IF_MATCH],
                "requestBody": {
                    "required": True,
                    "content": json_content(ref(f"{key}.transition")),
                },
                "responses": {
                    "200": {
                        "description": "The moved record",
                        "headers": ETAG,
                        "content": json_content(ref(key)),
                    },
                    **responses(400, 401, 403, 404, 409, 422),
                },
            },
        }
    return paths


def _write_operation(entity: EntityType, kind: str, summary: str) -> dict[str, Any]:
    creating = kind == "create"
    answer: dict[str, Any] = {
        "description": "The created record" if creating else "The changed record",
        "content": json_content(ref(entity.key)),
    }
    answer["headers"] = dict(ETAG)
    if creating:
        answer["headers"]["Location"] = {
            "schema": {"type": "string"},
            "description": "the record's URL",
        }
    operation: dict[str, Any] = {
        "operationId": f"{entity.key}.{kind}",
        "summary": summary,
        "tags": [entity.key],
        "requestBody": {
            "required": True,
            "content": json_content(ref(f"{entity.key}.{kind}")),
        },
        "responses": {
            "201" if creating else "200": answer,
            **responses(400, 401, 403, 404, 409, 422),
        },
    }
    if not creating:
        operation["parameters"] = [IF_MATCH]
        operation["description"] = (
            "Send the version read (`If-Match`, or `version` in the body) so that a change "
            "someone else made meanwhile is not overwritten: it is answered with 409 naming "
            "the fields changed since."
        )
    if creating and entity.defaults is not None:
        operation["description"] = (
            "The server fills in some fields for the caller when they are left out (such as "
            "the caller as the responsible person); those may be omitted even if required."
        )
    return operation


#: a filter's value: text, never blank (a blank filter is refused: leave it out instead)
FILTER_VALUE = {"type": "string", "minLength": 1}


def list_parameters(entity: EntityType) -> list[dict[str, Any]]:
    """Paging, sort, search and one equality filter per filterable field."""
    params: list[dict[str, Any]] = [
        _query("page", {"type": "integer", "minimum": 1}, "page number (default 1)"),
        _query(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            f"records per page (default 25, at most {MAX_PER_PAGE})",
        ),
        _query(
            "sort",
            {"type": "string"},
            "a sortable field, `id` or `state` (`-` first for descending) or a plugin's sort",
        ),
    ]
    if entity.search_fields or entity.search_refs:
        searched = [*entity.search_fields, *(f"{name} (its name)" for name in entity.search_refs)]
        about = "words searched (case, accents and spaces ignored) in " + ", ".join(searched)
        params.append(_query("q", {"type": "string"}, about))
    if entity.has_states and not entity.has_field("state"):
        names = ", ".join(s.name for s in entity.states)
        params.append(_query("state", dict(FILTER_VALUE), f"one of {names}; {FILTER_HELP}"))
    for fld in entity.fields:
        if fld.filterable:
            params.append(_query(fld.name, dict(FILTER_VALUE), f"{fld.type}: {FILTER_HELP}"))
    return params


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def fixed_paths() -> dict[str, Any]:
    """``/me``, ``/entities`` and the notification endpoints."""
    return {
        "/me": {
            "get": {
                "operationId": "me",
                "summary": "The caller",
                "tags": ["core"],
                "responses": {
                    "200": {"description": "The caller", "content": json_content(ref("Me"))},
                    **responses(401),
                },
            }
        },
        "/entities": {
            "get": {
                "operationId": "entities",
                "summary": "Entity types the caller may read, with fields and workflow",
                "tags": ["core"],
                "responses": {
                    "200": {
                        "description": "The entity types",
                        "content": json_content(ref("EntityTypes")),
                    },
                    **responses(401),
                },
            }
        },
        "/notifications": {
            "get": {
                "operationId": "notifications.list",
                "summary": "The caller's notifications, newest first",
                "tags": ["notifications"],
                "parameters": [
                    _query(
                        "unread",
                        {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no"]},
                        "only unread ones (`true`) or all (`false`, the default)",
                    ),
                    _query("page", {"type": "integer", "minimum": 1}, "page number"),
                    _query(
                        "per_page",
                        {"type": "integer", "minimum": 1, "maximum": 100},
                        "notifications per page (default 20)",
                    ),
                ],
                "responses": {
                    "200": {
                        "description": "One page",
                        "content": json_content(ref("NotificationPage")),
                    },
                    **responses(401, 422),
                },
            }
        },
        "/notifications/{id}/read": {
            "parameters": [ID_PARAMETER],
            "post": {
                "operationId": "notifications.read",
                "summary": "Mark one of the caller's notifications read",
                "tags": ["notifications"],
                "responses": {
                    "200": {
                        "description": "The notification",
                        "content": json_content(ref("Notification")),
                    },
                    **responses(400, 401, 404),
                },
            },
        },
        "/notifications/read": {
            "post": {
                "operationId": "notifications.read_all",
                "summary": "Mark every unread notification of the caller read",
                "tags": ["notifications"],
                "responses": {
                    "200": {
                        "description": "How many were marked",
                        "content": json_content(
                            {
                                "type": "object",
                                "properties": {"marked": INTEGER},
                                "required": ["marked"],
                            }
                        ),
                    },
                    **responses(400, 401),
                },
            }
        },
    }
