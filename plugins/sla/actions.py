"""Escalation action types: what an escalation level may do. Plugins add their own through the
``sla_action_types`` hook; the SLA plugin brings notify, reassign, raise_priority, webhook and
incident. This module validates configurations; running them belongs to the escalation worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from flask_babel import lazy_gettext as _l

RECIPIENTS = ("responsible", "manager", "department_head")


@dataclass(frozen=True)
class ActionType:
    """One kind of escalation action; ``validate(config)`` lists problems of a configuration."""

    name: str
    label: Any  # text, or a lazy translation
    validate: Callable[[dict], list[str]]
    run: Callable[[Any, dict], None] | None = None


def _recipients(config: dict) -> list[str]:
    to = config.get("to")
    if not isinstance(to, list) or not to:
        return ["to: a non-empty list of recipients"]
    errors = []
    for index, item in enumerate(to):
        if not isinstance(item, str):
            errors.append(f"to[{index}]: must be text")
        elif item in RECIPIENTS:
            continue
        elif item.startswith("role:") and len(item) > 5:
            continue
        elif item.startswith("user:") and "@" in item:
            continue
        else:
            errors.append(
                f"to[{index}]: {item!r} is not one of {', '.join(RECIPIENTS)}, role:NAME, "
                "user:EMAIL"
            )
    channels = config.get("channels", ["in_app", "email"])
    if not isinstance(channels, list) or not set(channels) <= {"in_app", "email"}:
        errors.append("channels: a list of in_app and/or email")
    return errors


def _reassign(config: dict) -> list[str]:
    to = config.get("to")
    if to in ("manager", "department_head") or (isinstance(to, str) and to.startswith("user:")):
        return []
    return ["to: manager, department_head or user:EMAIL"]


def _raise_priority(config: dict) -> list[str]:
    field = config.get("field", "priority")
    value = config.get("value")
    if not isinstance(field, str) or not isinstance(value, str) or not value:
        return ["value: the priority to set (text), optionally with field"]
    return []


def _webhook(config: dict) -> list[str]:
    url = config.get("url")
    parsed = urlparse(url) if isinstance(url, str) else None
    if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc:
        return ["url: an http(s) URL"]
    if "secret" in config and not isinstance(config["secret"], str):
        return ["secret: text used to sign the payload"]
    return []


def _incident(config: dict) -> list[str]:
    severity = config.get("severity", "minor")
    if severity not in ("minor", "major"):
        return ["severity: minor or major"]
    return []


BUILTIN = [
    ActionType("notify", _l("Notify people"), _recipients),
    ActionType("reassign", _l("Reassign the record"), _reassign),
    ActionType("raise_priority", _l("Raise the priority"), _raise_priority),
    ActionType("webhook", _l("Call a signed webhook"), _webhook),
    ActionType("incident", _l("Record an incident for HR"), _incident),
]


def validate_action(action: Any, types: dict[str, ActionType], where: str) -> list[str]:
    """Problems of one action configuration, each prefixed with its place."""
    if not isinstance(action, dict):
        return [f"{where}: must be an object with a type"]
    kind = action.get("type")
    if kind not in types:
        return [f"{where}.type: unknown action {kind!r}; known: {', '.join(sorted(types))}"]
    config = {k: v for k, v in action.items() if k != "type"}
    return [f"{where}.{message}" for message in types[kind].validate(config)]
