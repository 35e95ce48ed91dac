"""Plugins' own API routes in the OpenAPI document.

A plugin may serve JSON under ``/api/v1/...`` from its own blueprint (SLA's reports do). The
generic document knows only entity types; a view marked with ``api_operation`` is listed too,
with the OpenAPI operation object the plugin gives (summary, parameters, responses, tags), at
its URL rule (``<int:id>`` written ``{id}``). Routes of a disabled plugin answer 404, so they
are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask

PREFIX = "/api/v1"
MARK = "_nhip_api_operation"
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def api_operation(operation: dict[str, Any]) -> Callable:
    """Mark a view under ``/api/v1`` as documented by ``operation`` (an OpenAPI operation
    object; ``operationId`` is required and must be unique)."""

    def mark(view):
        setattr(view, MARK, operation)
        return view

    return mark


def plugin_paths(app: Flask) -> dict[str, Any]:
    """The path items of every marked view, keyed by path relative to ``/api/v1``."""
    paths: dict[str, Any] = {}
    owners = app.extensions.get("nhip_blueprint_owners", {})
    host = app.extensions["nhip"]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/"):
            continue
        owner = owners.get(rule.endpoint.rpartition(".")[0])
        if owner and not host.is_enabled(owner):
            continue
        operation = getattr(app.view_functions.get(rule.endpoint), MARK, None)
        if operation is None:
            continue
        path = ARGUMENT.sub(r"{\1}", rule.rule[len(PREFIX) :])
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = operation
    return paths
