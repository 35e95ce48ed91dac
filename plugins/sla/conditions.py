"""The condition language of SLA policies: safe JSON, checked against declared fields, never eval.

A condition is a group or a test::

    {"all": [COND, ...]}          every one holds (an empty group holds)
    {"any": [COND, ...]}          at least one holds
    {"field": NAME, "op": OP, "value": VALUE}

with OP one of ``eq ne in not_in gt gte lt lte contains is_set``. ``{}`` (no condition) always
holds. Pure: no Flask, no database; the entity's fields come in as ``FieldSpec``s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

OPS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "is_set")
ORDERED = {"int", "money", "decimal", "date", "datetime"}
TEXTUAL = {"str", "text", "email"}
NUMERIC = {"int", "money", "decimal", "ref"}


@dataclass(frozen=True)
class FieldSpec:
    """What the condition checker needs to know of one declared field."""

    name: str
    type: str
    choices: tuple[str, ...] = ()


def validate(condition: Any, fields: dict[str, FieldSpec], where: str = "conditions") -> list[str]:
    """Every problem of ``condition`` as ``"place: message"``; an empty list when it is valid."""
    if condition in (None, {}):
        return []
    if not isinstance(condition, dict):
        return [f"{where}: must be an object"]
    groups = [k for k in ("all", "any") if k in condition]
    if groups:
        if len(condition) != 1:
            return [f"{where}: a group has exactly one key, 'all' or 'any'"]
        key = groups[0]
        items = condition[key]
        if not isinstance(items, list):
            return [f"{where}.{key}: must be a list"]
        errors: list[str] = []
        for index, item in enumerate(items):
            errors += validate(item, fields, f"{where}.{key}[{index}]")
        return errors
    return _validate_test(condition, fields, where)


def _validate_test(test: dict, fields: dict[str, FieldSpec], where: str) -> list[str]:
    extra = sorted(set(test) - {"field", "op", "value"})
    if extra:
        return [f"{where}: unknown key(s) {', '.join(extra)}"]
    name, op = test.get("field"), test.get("op")
    if not isinstance(name, str) or name not in fields:
        known = ", ".join(sorted(fields))
        return [f"{where}.field: unknown field {name!r}; known: {known}"]
    if op not in OPS:
        return [f"{where}.op: unknown operator {op!r}; use one of {', '.join(OPS)}"]
    spec = fields[name]
    if op == "is_set":
        if "value" in test and not isinstance(test["value"], bool):
            return [f"{where}.value: is_set takes true or false"]
        return []
    if "value" not in test:
        return [f"{where}.value: required for {op}"]
    value = test["value"]
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            return [f"{where}.value: {op} takes a non-empty list"]
        return [e for item in value for e in _check_value(spec, item, f"{where}.value")][:1]
    if op in ("gt", "gte", "lt", "lte") and spec.type not in ORDERED:
        return [f"{where}.op: {op} needs a number or date field; {name} is {spec.type}"]
    if op == "contains" and spec.type not in TEXTUAL:
        return [f"{where}.op: contains needs a text field; {name} is {spec.type}"]
    if op == "contains":
        return [] if isinstance(value, str) else [f"{where}.value: must be text"]
    return _check_value(spec, value, f"{where}.value")


def _check_value(spec: FieldSpec, value: Any, where: str) -> list[str]:
    kind = spec.type
    if kind == "choice":
        if value not in spec.choices:
            return [f"{where}: {value!r} is not one of {', '.join(spec.choices)}"]
    elif kind == "bool":
        if not isinstance(value, bool):
            return [f"{where}: must be true or false"]
    elif kind in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [f"{where}: must be a number"]
    elif kind == "date":
        if not _parses(value, date.fromisoformat):
            return [f"{where}: must be a date YYYY-MM-DD"]
    elif kind == "datetime":
        if not _parses(value, datetime.fromisoformat):
            return [f"{where}: must be an ISO 8601 date and time"]
    elif not isinstance(value, str):
        return [f"{where}: must be text"]
    return []


def _parses(value: Any, parse: Callable[[str], Any]) -> bool:
    try:
        parse(value)
    except (TypeError, ValueError):
        return False
    return True


def matches(condition: Any, read: Callable[[str], Any], fields: dict[str, FieldSpec]) -> bool:
    """Whether a record satisfies a *valid* ``condition``; ``read(name)`` gives a field's value."""
    if condition in (None, {}):
        return True
    if "all" in condition:
        return all(matches(c, read, fields) for c in condition["all"])
    if "any" in condition:
        return any(matches(c, read, fields) for c in condition["any"])
    spec = fields[condition["field"]]
    actual = read(condition["field"])
    op = condition["op"]
    if op == "is_set":
        is_set = actual not in (None, "")
        return is_set == condition.get("value", True)
    expected = condition["value"]
    if op in ("in", "not_in"):
        found = any(_equal(spec, actual, v) for v in expected)
        return found if op == "in" else not found
    if op == "eq":
        return _equal(spec, actual, expected)
    if op == "ne":
        return not _equal(spec, actual, expected)
    if op == "contains":
        return actual is not None and expected.casefold() in str(actual).casefold()
    if actual is None:
        return False
    left, right = _comparable(spec, actual), _comparable(spec, expected)
    return {
        "gt": left > right,
        "gte": left >= right,
        "lt": left < right,
        "lte": left <= right,
    }[op]


def _equal(spec: FieldSpec, actual: Any, expected: Any) -> bool:
    if actual is None:
        return expected is None
    return _comparable(spec, actual) == _comparable(spec, expected)


def _comparable(spec: FieldSpec, value: Any) -> Any:
    if spec.type in NUMERIC:
        return Decimal(str(value))
    if spec.type == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if spec.type == "datetime" and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value
