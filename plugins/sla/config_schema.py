"""Checking an SLA configuration document (the JSON of ``nhip sla import`` and of the pages).

Every problem is reported with its place (``policies[0].targets[1].minutes: ...``), all at once,
so a file is fixed in one go. Nothing here touches the database: what it needs to know (entity
types, calendars that already exist, action types) is passed in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.entities import EntityType
from plugins.sla.calendars import build
from plugins.sla.conditions import validate as validate_conditions
from plugins.sla.config_document import MAX_DEPTH, capped, check, quote
from plugins.sla.config_goals import HORIZON_YEARS, goal_problem, has_working_time
from plugins.sla.escalation.actions import ActionType, validate_action
from plugins.sla.matching import field_specs
from plugins.sla.models.calendar import WEEKDAYS
from plugins.sla.models.policy import ON_CHANGE
from plugins.sla.worktime import CalendarError

CREATED = "created"
NAME = re.compile(r"^\S.{0,99}$")
CALENDAR_KEYS = {"name", "timezone", "country", "week", "holidays", "workdays"}
POLICY_KEYS = {
    "name",
    "entity",
    "order",
    "conditions",
    "calendar",
    "on_change",
    "targets",
    "active",
}
TARGET_KEYS = {
    "name",
    "start",
    "pause",
    "stop",
    "cancel",
    "minutes",
    "warn",
    "escalations",
    "calendar",
}


#: the range of an ``order`` (a 32-bit integer column on PostgreSQL)
INT32 = 2**31 - 1
#: company days off and extra working days are dates from this year on
FIRST_YEAR = 1900
#: the longest time zone name and country code the calendar table holds
TIMEZONE_LENGTH, COUNTRY_LENGTH = 64, 8


@dataclass
class Context:
    """What validation needs to know of the instance: entity types, the calendars that exist
    (by name, with their definitions when known, to check that goals can be reached) and
    action types."""

    entities: dict[str, EntityType]
    calendars: set[str] = field(default_factory=set)
    actions: dict[str, ActionType] = field(default_factory=dict)
    definitions: dict[str, dict] = field(default_factory=dict)


def validate_document(doc: Any, context: Context) -> list[str]:
    """Every problem of a whole configuration document (at most ``MAX_PROBLEMS`` listed)."""
    unsafe = check(doc)
    if any(p.endswith(f"nested deeper than {MAX_DEPTH} levels") for p in unsafe):
        return capped(unsafe)
    return capped(unsafe + _document(doc, context))


def _document(doc: Any, context: Context) -> list[str]:
    if not isinstance(doc, dict):
        return ["document: must be an object with 'calendars' and/or 'policies'"]
    errors = [f"document: unknown key {k!r}" for k in sorted(set(doc) - {"calendars", "policies"})]
    calendars = doc.get("calendars", [])
    policies = doc.get("policies", [])
    if not isinstance(calendars, list):
        errors.append("calendars: must be a list")
        calendars = []
    if not isinstance(policies, list):
        errors.append("policies: must be a list")
        policies = []
    names: set[str] = set()
    for index, calendar in enumerate(calendars):
        errors += validate_calendar(calendar, f"calendars[{index}]")
        name = calendar.get("name") if isinstance(calendar, dict) else None
        if isinstance(name, str):
            if name in names:
                errors.append(f"calendars[{index}].name: {name!r} appears twice")
            names.add(name)
    definitions = dict(context.definitions)
    for calendar in calendars:
        if isinstance(calendar, dict) and isinstance(calendar.get("name"), str):
            definitions[calendar["name"]] = calendar
    known = Context(context.entities, context.calendars | names, context.actions, definitions)
    seen: set[str] = set()
    for index, policy in enumerate(policies):
        errors += validate_policy(policy, known, f"policies[{index}]")
        name = policy.get("name") if isinstance(policy, dict) else None
        if isinstance(name, str):
            if name in seen:
                errors.append(f"policies[{index}].name: {name!r} appears twice")
            seen.add(name)
    return errors


def validate_calendar(calendar: Any, where: str) -> list[str]:
    if not isinstance(calendar, dict):
        return [f"{where}: must be an object"]
    errors = [f"{where}: unknown key {k!r}" for k in sorted(set(calendar) - CALENDAR_KEYS)]
    errors += _name(calendar.get("name"), f"{where}.name")
    for key, length in (("timezone", TIMEZONE_LENGTH), ("country", COUNTRY_LENGTH)):
        value = calendar.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > length):
            errors.append(f"{where}.{key}: text of at most {length} characters")
    week = calendar.get("week")
    if not isinstance(week, dict):
        errors.append(f"{where}.week: an object of weekday (mon..sun) to intervals")
        return errors
    for day, spans in week.items():
        if day not in WEEKDAYS:
            errors.append(f"{where}.week.{day}: not a weekday; use {', '.join(WEEKDAYS)}")
        elif not isinstance(spans, list) or not all(isinstance(s, str) for s in spans):
            errors.append(f'{where}.week.{day}: a list of "HH:MM-HH:MM" intervals')
    for key in ("holidays", "workdays"):
        values = calendar.get(key, [])
        if not isinstance(values, list):
            errors.append(f"{where}.{key}: a list of dates YYYY-MM-DD")
            continue
        for i, value in enumerate(values):
            try:
                day = date.fromisoformat(value)
            except (TypeError, ValueError):
                errors.append(f"{where}.{key}[{i}]: {quote(value)} is not a date YYYY-MM-DD")
                continue
            if day.year < FIRST_YEAR:
                errors.append(f"{where}.{key}[{i}]: {value} is before {FIRST_YEAR}")
    if errors:
        return errors
    try:
        build(calendar)
    except CalendarError as exc:
        errors.append(f"{where}: {exc}")
    else:
        if not has_working_time(calendar):
            errors.append(f"{where}: no working time in the next {HORIZON_YEARS} years")
    return errors


def _key(value: Any) -> str | None:
    """``value`` if it can name something (text), else None."""
    return value if isinstance(value, str) else None


def validate_policy(policy: Any, context: Context, where: str) -> list[str]:
    if not isinstance(policy, dict):
        return [f"{where}: must be an object"]
    errors = [f"{where}: unknown key {k!r}" for k in sorted(set(policy) - POLICY_KEYS)]
    errors += _name(policy.get("name"), f"{where}.name")
    entity = context.entities.get(_key(policy.get("entity")))
    if entity is None:
        errors.append(f"{where}.entity: unknown entity type {quote(policy.get('entity'))}")
    order = policy.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        errors.append(f"{where}.order: a whole number")
    elif not -INT32 <= order <= INT32:
        errors.append(f"{where}.order: a whole number between {-INT32} and {INT32}")
    calendar = _key(policy.get("calendar"))
    if calendar not in context.calendars:
        errors.append(f"{where}.calendar: unknown calendar {quote(policy.get('calendar'))}")
    if policy.get("on_change", "carry_over") not in ON_CHANGE:
        errors.append(f"{where}.on_change: one of {', '.join(ON_CHANGE)}")
    if "active" in policy and not isinstance(policy["active"], bool):
        errors.append(f"{where}.active: true or false")
    if entity is not None:
        errors += validate_conditions(
            policy.get("conditions") or {}, field_specs(entity), f"{where}.conditions"
        )
    targets = policy.get("targets")
    if not isinstance(targets, list) or not targets:
        errors.append(f"{where}.targets: a non-empty list")
        return errors
    names: set[str] = set()
    for index, target in enumerate(targets):
        place = f"{where}.targets[{index}]"
        errors += validate_target(target, entity, context, place, calendar)
        name = target.get("name") if isinstance(target, dict) else None
        if isinstance(name, str):
            if name in names:
                errors.append(f"{place}.name: {name!r} appears twice in this policy")
            names.add(name)
    return errors


def validate_target(
    target: Any,
    entity: EntityType | None,
    context: Context,
    where: str,
    policy_calendar: str | None = None,
) -> list[str]:
    if not isinstance(target, dict):
        return [f"{where}: must be an object"]
    errors = [f"{where}: unknown key {k!r}" for k in sorted(set(target) - TARGET_KEYS)]
    errors += _name(target.get("name"), f"{where}.name")
    states = {s.name for s in entity.states} if entity else None
    lists: dict[str, list] = {}
    for key in ("start", "pause", "stop", "cancel"):
        value = target.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(f"{where}.{key}: a list of state names")
            continue
        lists[key] = value
        allowed = (states or set()) | ({CREATED} if key == "start" else set())
        for item in value:
            if states is not None and item not in allowed:
                errors.append(
                    f"{where}.{key}: {item!r} is not a state of {entity.key}; "
                    f"known: {', '.join(sorted(allowed)) or 'none'}"
                )
    if "start" in lists and not lists["start"]:
        errors.append(f'{where}.start: at least one state (or "created")')
    if "stop" in lists and not lists["stop"]:
        errors.append(f"{where}.stop: at least one state that meets the target")
    for a, b in (("pause", "stop"), ("pause", "cancel"), ("stop", "cancel")):
        both = set(lists.get(a, [])) & set(lists.get(b, []))
        if both:
            errors.append(f"{where}: {', '.join(sorted(both))} is in both {a} and {b}")
    calendar = _key(target.get("calendar", policy_calendar))
    if "calendar" in target and calendar not in context.calendars:
        errors.append(f"{where}.calendar: unknown calendar {quote(target['calendar'])}")
    minutes = target.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        errors.append(f"{where}.minutes: a positive whole number of working minutes")
    else:
        problem = goal_problem(minutes, context.definitions.get(calendar))
        if problem:
            errors.append(f"{where}.minutes: {problem}")
    warn = target.get("warn", [])
    if not isinstance(warn, list) or not all(
        isinstance(p, int | float) and not isinstance(p, bool) and 0 < p < 100 for p in warn
    ):
        errors.append(f"{where}.warn: a list of percentages between 0 and 100")
    errors += _escalations(target.get("escalations", []), context, f"{where}.escalations")
    return errors


#: the highest escalation level (percent of the goal) a policy may set
MAX_LEVEL = 10_000


def _escalations(levels: Any, context: Context, where: str) -> list[str]:
    if not isinstance(levels, list):
        return [f"{where}: a list of levels"]
    errors = []
    seen = set()
    for index, level in enumerate(levels):
        place = f"{where}[{index}]"
        if not isinstance(level, dict):
            errors.append(f"{place}: an object with at and actions")
            continue
        extra = sorted(set(level) - {"at", "actions"})
        errors += [f"{place}: unknown key {k!r}" for k in extra]
        at = level.get("at")
        if isinstance(at, bool) or not isinstance(at, int | float) or not 0 < at <= MAX_LEVEL:
            errors.append(
                f"{place}.at: a percentage of the goal above 0 and at most {MAX_LEVEL} "
                "(50 = half the time used, 100 = the deadline, 150 = half the goal past it)"
            )
        elif at in seen:
            errors.append(f"{place}.at: level {at} appears twice")
        else:
            seen.add(at)
        actions = level.get("actions")
        if not isinstance(actions, list) or not actions:
            errors.append(f"{place}.actions: a non-empty list")
            continue
        for i, action in enumerate(actions):
            errors += _action(action, context, f"{place}.actions[{i}]")
    return errors


def _action(action: Any, context: Context, where: str) -> list[str]:
    """An action's problems; an action type whose own check fails names it instead of
    failing the whole document."""
    if isinstance(action, dict) and not isinstance(action.get("type"), str):
        known = ", ".join(sorted(context.actions))
        return [f"{where}.type: the name of an action type; known: {known}"]
    try:
        return validate_action(action, context.actions, where)
    except Exception as exc:  # noqa: BLE001 - a plugin's checker must not turn a bad file into a crash
        return [f"{where}: cannot be checked ({type(exc).__name__}); see the action's keys"]


def _name(value: Any, where: str) -> list[str]:
    if not isinstance(value, str) or not NAME.match(value):
        return [f"{where}: a name of 1 to 100 characters"]
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in value):
        return [f"{where}: a name without control or invisible characters"]
    return []
