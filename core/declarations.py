"""Checking at start-up what each plugin declares through the hooks the host calls while it
assembles itself: ``register_entities``, ``register_blueprints`` and ``register_commands``.

A plugin whose declaration raises, returns the wrong kind of object, or reuses an entity key
or blueprint name another plugin already declared gets a one-line error, like a plugin that
fails to import: the host and the other plugins start without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pluggy
from flask import Blueprint

from core.discovery import full_traceback, one_line
from core.entities import EntityType


def declaration_errors(
    pm: pluggy.PluginManager,
    order: list[str],
    builtins: Iterable[ModuleType],
    tracebacks: dict[str, str] | None = None,
) -> dict[str, str]:
    """``{plugin: reason}`` for the plugins of ``order`` whose declarations are unusable; the
    full traceback of a declaration that raised goes into ``tracebacks`` when given.

    Plugins are checked in ``order`` (requirements first), so of two plugins declaring the
    same entity key or blueprint name, the later one is at fault.
    """
    entity_owner: dict[str, str] = {}
    for module in builtins:
        for entity in getattr(module, "register_entities", lambda: [])() or []:
            entity_owner[entity.key] = "core"
    blueprint_owner: dict[str, str] = {}
    failed: dict[str, str] = {}
    checks = (
        ("register_entities", EntityType, "key", entity_owner, "entity"),
        ("register_blueprints", Blueprint, "name", blueprint_owner, "blueprint"),
        ("register_commands", click.Command, None, None, "command"),
    )
    implementations = {
        hook: {impl.plugin_name: impl for impl in getattr(pm.hook, hook).get_hookimpls()}
        for hook, *_ in checks
    }
    for name in order:
        for hook, kind, key_attr, owners, noun in checks:
            impl = implementations[hook].get(name)
            if impl is None:
                continue
            try:
                reason = _check(impl.function, kind, key_attr, owners, noun, name)
            except _Raised as raised:
                reason = raised.reason
                if tracebacks is not None:
                    tracebacks[name] = full_traceback(raised.__cause__)
            if reason:
                failed[name] = f"{hook}: {reason}"
                break
    return failed


class _Raised(Exception):
    """A declaration hook raised: ``reason`` is its one line, ``__cause__`` the exception."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check(
    function: Callable[[], Any],
    kind: type,
    key_attr: str | None,
    owners: dict[str, str] | None,
    noun: str,
    plugin: str,
) -> str:
    try:
        answer = function()
    except Exception as exc:  # noqa: BLE001 - a plugin's failure is reported, not raised
        raise _Raised(one_line(exc, _folder(function))) from exc
    if answer is None:
        answer = []
    if not isinstance(answer, list | tuple):
        return f"returned {type(answer).__name__} instead of a list"
    keys: list[str] = []
    for item in answer:
        if not isinstance(item, kind):
            return f"returned {type(item).__name__} where a {kind.__name__} was expected"
        if key_attr and owners is not None:
            key = getattr(item, key_attr)
            if key in keys:
                return f"{noun} {key!r} is declared twice"
            if key in owners:
                return f"{noun} {key!r} is already declared by {owners[key]}"
            keys.append(key)
    for key in keys:
        owners[key] = plugin  # type: ignore[index]
    return ""


def _folder(function: Callable[..., Any]) -> Path | None:
    code = getattr(function, "__code__", None)
    return Path(code.co_filename).parent if code else None
