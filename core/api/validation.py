"""Checking a JSON value against the schemas of ``core.api.shapes``, with a message per field.

Only the JSON Schema keywords those schemas use are understood: ``type`` (one or a list),
``enum``, ``minimum``, ``maximum``, ``minLength``, ``maxLength``, ``pattern``, ``format``
(``date``, ``date-time``), ``properties``, ``required``, ``additionalProperties: false``,
``items``, ``minItems`` and ``anyOf``; ``x-message`` replaces the message of a failed
``pattern`` or ``anyOf``. Text must also be storable: no NUL character, no lone surrogate.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
TYPE_WORDS = {
    "string": "must be text",
    "integer": "must be a whole number",
    "number": "must be a number",
    "boolean": "must be true or false",
    "array": "must be a list",
    "object": "must be an object",
}


def errors_of(schema: dict[str, Any], value: Any, path: str = "") -> dict[str, str]:
    """Every problem of ``value`` against ``schema``, keyed by field path (``lines[0].sku``)."""
    errors: dict[str, str] = {}
    _check(schema, value, path, errors)
    return errors


def _check(schema: dict[str, Any], value: Any, path: str, errors: dict[str, str]) -> None:
    if "anyOf" in schema:
        _check_any(schema, value, path, errors)
        return
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(json_type_matches(kind, value) for kind in kinds):
            errors[path] = "required" if value is None else TYPE_WORDS.get(kinds[0], "wrong type")
            return
    if value is None:
        return
    if "enum" in schema and value not in schema["enum"]:
        errors[path] = "must be one of: " + ", ".join(
            str(v) for v in schema["enum"] if v is not None
        )
        return
    if isinstance(value, str):
        _check_text(schema, value, path, errors)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _check_number(schema, value, path, errors)
    elif isinstance(value, list):
        _check_list(schema, value, path, errors)
    elif isinstance(value, dict):
        _check_object(schema, value, path, errors)


def _check_any(schema: dict[str, Any], value: Any, path: str, errors: dict[str, str]) -> None:
    options = schema["anyOf"]
    if any(not errors_of(option, value, path) for option in options):
        places = schema.get("x-decimal-places")
        if places is not None and value is not None and decimal_places(value) > places:
            errors[path] = f"at most {places} digits after the point"
        return
    if value is None:
        errors[path] = "required"
        return
    for option in options:
        if option.get("type") == "number" and json_type_matches("number", value):
            errors.update(errors_of(option, value, path))
            return
    errors[path] = schema.get("x-message") or "has the wrong type"


def json_type_matches(kind: str, value: Any) -> bool:
    """Whether ``value`` (parsed JSON) is of JSON Schema type ``kind``."""
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if kind == "integer":
        return isinstance(value, int) or value.is_integer()
    return kind == "number"


def _check_text(schema: dict[str, Any], value: str, path: str, errors: dict[str, str]) -> None:
    if "\x00" in value:
        errors[path] = "must not contain NUL characters"
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        errors[path] = "must be valid Unicode text"
        return
    if "minLength" in schema and len(value) < schema["minLength"]:
        errors[path] = "must not be empty"
    elif "maxLength" in schema and len(value) > schema["maxLength"]:
        errors[path] = f"at most {schema['maxLength']} characters"
    elif "pattern" in schema and not _regex(schema["pattern"]).search(value):
        errors[path] = schema.get("x-message") or "has the wrong format"
    elif schema.get("format") == "date" and not _is_date(value):
        errors[path] = "must be a date (YYYY-MM-DD)"
    elif schema.get("format") == "date-time":
        problem = _datetime_problem(value)
        if problem:
            errors[path] = problem


def _check_number(
    schema: dict[str, Any], value: int | float, path: str, errors: dict[str, str]
) -> None:
    if isinstance(value, float) and value != value:  # NaN never compares
        errors[path] = "must be a number"
    elif "minimum" in schema and value < schema["minimum"]:
        errors[path] = f"must be at least {schema['minimum']}"
    elif "maximum" in schema and value > schema["maximum"]:
        errors[path] = f"must be at most {schema['maximum']}"


def _check_list(schema: dict[str, Any], value: list, path: str, errors: dict[str, str]) -> None:
    if "minItems" in schema and len(value) < schema["minItems"]:
        errors[path] = f"at least {schema['minItems']} row(s) required"
        return
    items = schema.get("items")
    if items is None:
        return
    for index, item in enumerate(value):
        where = f"{path}[{index}]"
        if items.get("type") == "object" and not isinstance(item, dict):
            errors[where] = "must be an object"
            continue
        _check(items, item, where, errors)


def _check_object(schema: dict[str, Any], value: dict, path: str, errors: dict[str, str]) -> None:
    properties = schema.get("properties", {})
    prefix = f"{path}." if path else ""
    for name in schema.get("required", []):
        if name not in value:
            errors[prefix + name] = "required"
    for name, item in value.items():
        if name in properties:
            _check(properties[name], item, prefix + name, errors)
        elif schema.get("additionalProperties") is False:
            errors[prefix + name] = "unknown field"


def _is_date(text: str) -> bool:
    if not DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _datetime_problem(text: str) -> str | None:
    message = "must be a date and time with a UTC offset (2026-01-31T08:30:00+07:00)"
    if not DATETIME.match(text):
        return message
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return message
    try:
        value.astimezone(UTC)
    except OverflowError:
        return "out of range"
    return None


def decimal_places(value: Any) -> int:
    """Digits after the point of a decimal given as a string or a JSON number."""
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)
