"""The builder's escalation actions: a type picked from ``action_types()`` and its options as
inputs, recipients picked from lists.

The options of the built-in types are described here (``OPTIONS``); an action type a plugin
adds through ``sla_action_types`` describes its own with ``ActionType.options`` (``Option``s of
``plugins.sla.escalation.actions.options``), else its settings are a JSON box.

Form fields of action ``P`` (``t0.e1.a0``): ``P.type``, ``P.OPTION`` (or ``P.OPTION.VALUE``
ticks for a list), ``P.keys`` (the optional keys the document had, kept even when they hold
their default), ``P.json`` (an action the inputs cannot say exactly, kept whole).
"""

from __future__ import annotations

from typing import Any

from plugins.sla.admin.builder_values import dumped, loaded, number, tick, ticked
from plugins.sla.escalation.actions.options import Option

OPTIONS: dict[str, tuple[Option, ...]] = {
    "notify": (
        Option("to", "recipients"),
        Option("channels", "ticks", ("in_app", "email"), ["in_app", "email"]),
        Option("levels", "number", default=1),
    ),
    "reassign": (Option("to", "recipient"),),
    "raise_priority": (Option("value", "text"), Option("field", "text", default="priority")),
    "webhook": (Option("url", "text"), Option("secret", "text")),
    "incident": (
        Option("severity", "choice", ("minor", "major"), "minor"),
        Option("bonus_impact", "check", default=False),
    ),
}


def options_of(kind: str, types: dict) -> tuple[Option, ...] | None:
    """The options of an action type, None when it describes none (a JSON box)."""
    found = getattr(types.get(kind), "options", None)
    if found:
        return tuple(found)
    return OPTIONS.get(kind)


def action_fields(action: Any, types: dict, place: str) -> dict:
    """The fields of one action, or its JSON when the inputs cannot say it exactly."""
    fields = _inputs(action, types, place)
    if fields is None or read_action(fields, types, place)[0] != action:
        return {f"{place}.json": dumped(action)}
    return fields


def _inputs(action: Any, types: dict, place: str) -> dict | None:
    if not isinstance(action, dict) or not isinstance(action.get("type"), str):
        return None
    kind = action["type"]
    options = options_of(kind, types)
    out = {f"{place}.type": kind}
    if options is None:
        out[f"{place}.settings"] = dumped({k: v for k, v in action.items() if k != "type"})
        return out
    known = {o.key for o in options}
    if set(action) - known - {"type"}:
        return None
    out[f"{place}.keys"] = ",".join(o.key for o in options if o.key in action)
    for option in options:
        value = action.get(option.key, option.default)
        name = f"{place}.{option.key}"
        if option.kind in ("recipients", "ticks"):
            out.update(tick(name, list(value) if isinstance(value, list) else []))
        elif option.kind == "check":
            out[name] = "1" if value is True else ""
        else:
            out[name] = "" if value is None else str(value)
    return out


def read_action(fields: dict, types: dict, place: str) -> tuple[Any, list[str]]:
    """The action its fields say (and the problems of its JSON boxes)."""
    if f"{place}.json" in fields:
        return loaded(fields[f"{place}.json"], place)
    kind = fields.get(f"{place}.type", "")
    options = options_of(kind, types)
    if options is None:
        settings, problems = loaded(fields.get(f"{place}.settings") or "{}", f"{place}.settings")
        return {"type": kind, **(settings if isinstance(settings, dict) else {})}, problems
    action: dict = {"type": kind}
    had = set(fields.get(f"{place}.keys", "").split(","))
    for option in options:
        name = f"{place}.{option.key}"
        if option.kind in ("recipients", "ticks"):
            value: Any = ticked(fields, name)
        elif option.kind == "check":
            value = bool(fields.get(name))
        elif option.kind == "number":
            value = number(fields.get(name, "")) if fields.get(name, "").strip() else None
        else:
            value = fields.get(name, "")
        absent = value is None or (value in ("", []) and option.default is None)
        if absent or (value == option.default and option.key not in had):
            continue
        action[option.key] = value
    return action, []


def new_action() -> dict:
    """The action a new level or an added action starts with."""
    return {"type": "notify", "to": ["responsible"]}
