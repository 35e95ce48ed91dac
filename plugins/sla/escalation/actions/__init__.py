"""Escalation actions: what a ladder level may do, and the runners that do it.

An action type has a name, a label, ``validate(config) -> [problems]`` (run when SLA
configuration is saved) and ``run(context, config) -> Outcome`` (run by the escalation job,
inside the transaction that records the level firing; see ``plugins.sla.escalation.context``).
The SLA plugin brings ``notify``, ``reassign``, ``raise_priority``, ``webhook`` and
``incident``, one module each; plugins add theirs with the ``sla_action_types`` hook, and
``action_types()`` is the registry of both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from plugins.sla.escalation.actions import incident, notify, priority, reassign, webhook
from plugins.sla.escalation.context import EscalationContext, Outcome


@dataclass(frozen=True)
class ActionType:
    """One kind of escalation action; ``validate(config)`` lists problems of a configuration,
    ``run(context, config)`` does it (None: the type can be configured but does nothing);
    ``options`` describe its settings to the policy builder (``actions.options.Option``)."""

    name: str
    label: Any  # text, or a lazy translation
    validate: Callable[[dict], list[str]]
    run: Callable[[EscalationContext, dict], Outcome] | None = None
    options: tuple = ()


BUILTIN = [
    ActionType("notify", _l("Notify people"), notify.validate, notify.run),
    ActionType("reassign", _l("Reassign the record"), reassign.validate, reassign.run),
    ActionType("raise_priority", _l("Raise the priority"), priority.validate, priority.run),
    ActionType("webhook", _l("Call a signed webhook"), webhook.validate, webhook.run),
    ActionType("incident", _l("Record an incident for HR"), incident.validate, incident.run),
]


def action_types() -> dict[str, ActionType]:
    """The escalation action types: the built-in ones and those plugins add (a plugin's type
    of the same name replaces the built-in one)."""
    types = {t.name: t for t in BUILTIN}
    host = current_app.extensions["nhip"]
    caller = getattr(host.hook, "sla_action_types", None)
    if caller is not None:
        for group in caller():
            for action in group or []:
                types[action.name] = action
    return types


def validate_action(action: Any, types: dict[str, ActionType], where: str) -> list[str]:
    """Problems of one action configuration, each prefixed with its place."""
    if not isinstance(action, dict):
        return [f"{where}: must be an object with a type"]
    kind = action.get("type")
    if kind not in types:
        return [f"{where}.type: unknown action {kind!r}; known: {', '.join(sorted(types))}"]
    config = {k: v for k, v in action.items() if k != "type"}
    return [f"{where}.{message}" for message in types[kind].validate(config)]
