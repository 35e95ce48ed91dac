"""The policy builder: a policy definition (the format of ``nhip sla export|import``) as flat
form fields, and back, exactly.

``fields_of(definition, entity, types)`` gives the fields the builder shows;
``definition_of(fields, entity, types)`` the definition they say (with the problems of any JSON
box). For every definition ``d`` as saving stores it (``normal(d)``),
``definition_of(fields_of(d)) == d``: what the rows cannot say exactly (a nested condition, an
action of a plugin's type without described options, states in an unusual order) is carried
as JSON in its place. The checking itself is the document's (``config_schema``).

Target fields (target ``tN``): ``tN.name``, ``tN.hours`` and ``tN.mins`` (the goal),
``tN.start.STATE`` … ``tN.cancel.STATE`` ticks, ``tN.warn`` (``"50, 80"``), ``tN.calendar``
(empty: the policy's), ``tN.e.count`` levels ``tN.eK.at`` with ``tN.eK.a.count`` actions
(``plugins.sla.admin.builder_actions``); ``tN.json`` for a target kept whole.
"""

from __future__ import annotations

from typing import Any

from core.entities import EntityType
from plugins.sla.admin.builder_actions import action_fields, read_action
from plugins.sla.admin.builder_conditions import _count, conditions_fields, read_conditions
from plugins.sla.admin.builder_values import (
    dumped,
    loaded,
    number,
    numbers,
    shown_numbers,
    tick,
    ticked,
)
from plugins.sla.matching import field_specs

STATE_LISTS = ("start", "pause", "stop", "cancel")


def normal(definition: dict) -> dict:
    """``definition`` with every key saving fills in written out (an export's shape)."""
    out = {
        "name": definition.get("name", ""),
        "entity": definition.get("entity", ""),
        "order": definition.get("order", 100),
        "active": definition.get("active", True),
        "conditions": definition.get("conditions") or {},
        "calendar": definition.get("calendar", ""),
        "on_change": definition.get("on_change", "carry_over"),
        "targets": [],
    }
    for target in definition.get("targets") or []:
        if not isinstance(target, dict):
            out["targets"].append(target)
            continue
        item = {"name": target.get("name"), "minutes": target.get("minutes")}
        item.update({k: target.get(k, []) for k in (*STATE_LISTS, "warn", "escalations")})
        if target.get("calendar"):
            item["calendar"] = target["calendar"]
        item.update({k: v for k, v in target.items() if k not in item and k != "calendar"})
        out["targets"].append(item)
    return out


def fields_of(definition: dict, entity: EntityType | None, types: dict) -> dict:
    """The builder's fields for a (normal) policy definition."""
    specs = field_specs(entity) if entity else {}
    fields = {
        "name": definition.get("name") or "",
        "entity": definition.get("entity") or "",
        "order": str(definition.get("order", 100)),
        "calendar": definition.get("calendar") or "",
        "on_change": definition.get("on_change") or "carry_over",
        "active": "1" if definition.get("active", True) else "",
    }
    fields.update(conditions_fields(definition.get("conditions") or {}, specs))
    targets = definition.get("targets") or []
    fields["t.count"] = str(len(targets))
    for index, target in enumerate(targets):
        fields.update(target_fields(target, types, f"t{index}"))
    return fields


def definition_of(fields: dict, entity: EntityType | None, types: dict) -> tuple[dict, list]:
    """The policy definition the builder's fields say, and the problems of its JSON boxes."""
    specs = field_specs(entity) if entity else {}
    conditions, problems = read_conditions(fields, specs)
    order = number(fields.get("order") or "100")
    definition = {
        "name": fields.get("name", "").strip(),
        "entity": fields.get("entity", ""),
        "order": order,
        "active": fields.get("active") == "1",
        "conditions": conditions,
        "calendar": fields.get("calendar", ""),
        "on_change": fields.get("on_change") or "carry_over",
        "targets": [],
    }
    for index in range(_count(fields.get("t.count"))):
        target, found = read_target(fields, types, f"t{index}")
        definition["targets"].append(target)
        problems += found
    return definition, problems


def target_fields(target: Any, types: dict, place: str) -> dict:
    """The fields of one target card, or its JSON when the card cannot say it exactly."""
    fields = _card(target, types, place)
    if fields is None or read_target(fields, types, place)[0] != target:
        return {f"{place}.json": dumped(target)}
    return fields


def _card(target: Any, types: dict, place: str) -> dict | None:
    if not isinstance(target, dict):
        return None
    minutes = target.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        return None
    levels = target.get("escalations")
    if not isinstance(levels, list) or not all(isinstance(lv, dict) for lv in levels):
        return None
    out = {
        f"{place}.name": target.get("name") if isinstance(target.get("name"), str) else "",
        f"{place}.hours": str(minutes // 60),
        f"{place}.mins": str(minutes % 60),
        f"{place}.warn": shown_numbers(target.get("warn")),
        f"{place}.calendar": target.get("calendar") or "",
        f"{place}.e.count": str(len(levels)),
    }
    for key in STATE_LISTS:
        states = target.get(key)
        if not isinstance(states, list) or not all(isinstance(s, str) for s in states):
            return None
        out.update(tick(f"{place}.{key}", states))
    for k, level in enumerate(levels):
        actions = level.get("actions")
        if not isinstance(actions, list):
            return None
        out[f"{place}.e{k}.at"] = "" if level.get("at") is None else str(level.get("at"))
        out[f"{place}.e{k}.a.count"] = str(len(actions))
        for m, action in enumerate(actions):
            out.update(action_fields(action, types, f"{place}.e{k}.a{m}"))
    return out


def read_target(fields: dict, types: dict, place: str) -> tuple[Any, list[str]]:
    """The target a card says (and the problems of its JSON boxes)."""
    if f"{place}.json" in fields:
        return loaded(fields[f"{place}.json"], place)
    problems: list[str] = []
    hours = number(fields.get(f"{place}.hours") or "0")
    mins = number(fields.get(f"{place}.mins") or "0")
    both = all(isinstance(v, int | float) for v in (hours, mins))
    minutes = hours * 60 + mins if both else f"{hours}h {mins}m"
    if isinstance(minutes, float) and minutes.is_integer():
        minutes = int(minutes)
    target: dict = {"name": fields.get(f"{place}.name", "").strip()}
    for key in STATE_LISTS:
        target[key] = ticked(fields, f"{place}.{key}")
    target["minutes"] = minutes
    target["warn"] = numbers(fields.get(f"{place}.warn", ""))
    target["escalations"] = []
    for k in range(_count(fields.get(f"{place}.e.count"))):
        level: dict = {"at": number(fields.get(f"{place}.e{k}.at") or ""), "actions": []}
        for m in range(_count(fields.get(f"{place}.e{k}.a.count"))):
            action, found = read_action(fields, types, f"{place}.e{k}.a{m}")
            level["actions"].append(action)
            problems += found
        target["escalations"].append(level)
    if fields.get(f"{place}.calendar"):
        target["calendar"] = fields[f"{place}.calendar"]
    return target, problems
