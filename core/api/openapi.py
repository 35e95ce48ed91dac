"""``GET /api/v1/openapi.json``: an OpenAPI 3.1 document generated from the entity registry.

Public: it describes the shape of the API (every enabled entity type), never any data.
Bodies are checked against the same schemas the document publishes (``core.api.shapes``).
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from core.api import bp
from core.api.answers import answer
from core.api.openapi_common import RESPONSES, SCHEMAS
from core.api.openapi_paths import entity_paths, entity_schemas, fixed_paths
from core.api.plugin_operations import plugin_paths
from core.auth import public
from core.version import __version__

DESCRIPTION = """\
The JSON API of Nhịp. Every record type of every enabled plugin gets the same operations.

**Authentication**: a personal token (`nhip tokens create`) as `Authorization: Bearer <token>`,
or the browser session cookie plus the `X-CSRFToken` header on writes.

**Records** carry `id`, every declared field by name, `state` when the type has a workflow,
their child rows (such as order `lines`) and `badges`. Dates are `YYYY-MM-DD`, date-times
ISO 8601 in UTC with their offset, decimals strings (numbers are accepted on input), money a
whole number of VND.

**Errors** are JSON: `{"error": ...}`, with `fields` (a message per field) for 422 and
`allowed` (the reachable states) for an illegal transition (409).
"""


@bp.get("/openapi.json")
@public
def openapi():
    """The OpenAPI document of this instance's API."""
    return answer(document())


def document() -> dict[str, Any]:
    """The OpenAPI document for the entity types enabled now."""
    registry = current_app.extensions["nhip"].entities
    schemas = dict(SCHEMAS)
    paths = fixed_paths()
    tags = [
        {"name": "core", "description": "The caller and the entity registry"},
        {"name": "notifications", "description": "The caller's in-app notifications"},
    ]
    for entity in registry:
        schemas.update(entity_schemas(entity))
        paths.update(entity_paths(entity))
        tags.append({"name": entity.key, "description": str(entity.label_plural)})
    extra = plugin_paths(current_app)
    paths.update(extra)
    named = {tag["name"] for tag in tags}
    for item in extra.values():
        for operation in item.values():
            for tag in operation.get("tags", []):
                if tag not in named:
                    named.add(tag)
                    tags.append({"name": tag})
    paths["/openapi.json"] = {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "tags": ["core"],
            "security": [],
            "responses": {"200": {"description": "The OpenAPI document"}},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Nhịp API", "version": __version__, "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}, {"sessionCookie": []}],
        "tags": tags,
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "a personal API token from `nhip tokens create`",
                },
                "sessionCookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "session",
                    "description": "the browser session; writes also need `X-CSRFToken`",
                },
            },
            "schemas": schemas,
            "responses": RESPONSES,
        },
    }
