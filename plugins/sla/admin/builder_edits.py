"""The builder's buttons that change its shape: add or remove a condition, a target, an
escalation level or an action. Each is a plain submit button (``do=add_target``,
``do=remove_level:0:1``) applied to the definition the form says, so the builder works
without JavaScript; the page then shows the new shape."""

from __future__ import annotations

import copy

from core.entities import EntityType
from plugins.sla.admin.builder_actions import new_action
from plugins.sla.admin.starter import starter
from plugins.sla.matching import field_specs


def _new_condition(entity: EntityType) -> dict:
    specs = field_specs(entity)
    spec = next((s for s in specs.values() if s.choices), None) or next(iter(specs.values()))
    return {"field": spec.name, "op": "eq", "value": spec.choices[0] if spec.choices else ""}


def _index(parts: list[str], at: int) -> int:
    try:
        return int(parts[at])
    except (IndexError, ValueError):
        return -1


def edit(command: str, definition: dict, entity: EntityType) -> dict:
    """``definition`` changed by one builder button (unknown commands change nothing)."""
    out = copy.deepcopy(definition)
    verb, *parts = command.split(":")
    targets = out["targets"]
    conditions = out.get("conditions") or {}
    tests = conditions.get("any", conditions.get("all")) if isinstance(conditions, dict) else None
    if verb == "add_condition" and (conditions == {} or isinstance(tests, list)):
        key = "any" if "any" in conditions else "all"
        out["conditions"] = {key: [*(tests or []), _new_condition(entity)]}
    elif (
        verb == "remove_condition"
        and isinstance(tests, list)
        and 0 <= _index(parts, 0) < len(tests)
    ):
        del tests[_index(parts, 0)]
        if not tests:
            out["conditions"] = {}
    elif verb == "add_target":
        target = starter(entity)["targets"][0]
        target["name"] = ""
        targets.append(target)
    elif verb == "remove_target" and 0 <= _index(parts, 0) < len(targets):
        del targets[_index(parts, 0)]
    elif verb in ("add_level", "remove_level", "add_action", "remove_action"):
        _edit_level(verb, parts, targets)
    return out


def _edit_level(verb: str, parts: list[str], targets: list) -> None:
    t = _index(parts, 0)
    if not 0 <= t < len(targets) or not isinstance(targets[t], dict):
        return
    levels = targets[t].setdefault("escalations", [])
    if verb == "add_level":
        ats = [lv.get("at") for lv in levels if isinstance(lv.get("at"), int | float)]
        levels.append({"at": max(ats) + 50 if ats else 100, "actions": [new_action()]})
        return
    k = _index(parts, 1)
    if not 0 <= k < len(levels):
        return
    if verb == "remove_level":
        del levels[k]
    elif verb == "add_action":
        levels[k].setdefault("actions", []).append(new_action())
    elif verb == "remove_action" and 0 <= _index(parts, 2) < len(levels[k].get("actions", [])):
        del levels[k]["actions"][_index(parts, 2)]
