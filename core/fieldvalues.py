"""Turning submitted values (form strings or JSON) into typed field values, with messages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from core.entities import Child, EntityType, Field
from core.errors import ValidationError

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TRUE = {"1", "true", "yes", "on", "y"}
FALSE = {"0", "false", "no", "off", "n", ""}


def coerce_values(entity: EntityType, values: dict[str, Any], creating: bool) -> dict[str, Any]:
    """Typed values of the editable fields in ``values``; ValidationError lists every problem.

    Unknown or read-only field names are errors too, so that a typo never passes silently.
    On creation, required fields must be present and non-empty.
    """
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, raw in values.items():
        child = entity.child(name)
        if child is not None:
            try:
                clean[name] = coerce_rows(child, raw)
            except ValidationError as exc:
                errors.update(exc.fields)
            continue
        if not entity.has_field(name):
            errors[name] = "unknown field"
            continue
        fld = entity.field(name)
        if not fld.editable:
            errors[name] = "read-only field"
            continue
        try:
            clean[name] = coerce(fld, raw)
        except ValueError as exc:
            errors[name] = str(exc)
    for fld in entity.fields:
        if not (fld.required and fld.editable):
            continue
        missing = clean.get(fld.name) in (None, "") and fld.name not in errors
        if missing and (creating or fld.name in values):
            errors[fld.name] = "required"
    for child in entity.children:
        row_errors = any(k == child.name or k.startswith(f"{child.name}[") for k in errors)
        if creating and child.required and not clean.get(child.name) and not row_errors:
            errors[child.name] = "at least one row is required"
    if errors:
        raise ValidationError(errors)
    return clean


def coerce_rows(child: Child, raw: Any) -> list[dict[str, Any]]:
    """Typed rows for ``child``; errors are keyed ``lines[0].quantity``."""
    if not isinstance(raw, list) or not all(isinstance(row, dict) for row in raw):
        raise ValidationError({child.name: "must be a list of objects"})
    errors: dict[str, str] = {}
    rows = []
    for index, row in enumerate(raw):
        clean: dict[str, Any] = {}
        for name, value in row.items():
            where = f"{child.name}[{index}].{name}"
            if not child.has_field(name) or not child.field(name).editable:
                errors[where] = "unknown field" if not child.has_field(name) else "read-only field"
                continue
            try:
                clean[name] = coerce(child.field(name), value)
            except ValueError as exc:
                errors[where] = str(exc)
        for fld in child.fields:
            if fld.required and fld.editable and clean.get(fld.name) in (None, ""):
                errors.setdefault(f"{child.name}[{index}].{fld.name}", "required")
        rows.append(clean)
    if errors:
        raise ValidationError(errors)
    return rows


def coerce(fld: Field, raw: Any) -> Any:
    """One value for ``fld``; raises ValueError with a short user-facing message."""
    if raw is None or (isinstance(raw, str) and raw.strip() == "" and fld.type != "bool"):
        return None
    kind = fld.type
    if kind in ("str", "text", "email"):
        if not isinstance(raw, str):
            raise ValueError("must be text")
        value = raw.strip()
        if fld.max_length and len(value) > fld.max_length:
            raise ValueError(f"at most {fld.max_length} characters")
        if kind == "email" and not EMAIL.match(value):
            raise ValueError("not an e-mail address")
        return value
    if kind == "choice":
        value = str(raw)
        allowed = [c.value for c in fld.choices]
        if value not in allowed:
            raise ValueError(f"must be one of: {', '.join(allowed)}")
        return value
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValueError("must be true or false")
    if kind in ("int", "money", "ref"):
        return _bounded(fld, _integer(raw))
    if kind == "decimal":
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise ValueError("must be a number") from None
        if not value.is_finite():
            raise ValueError("must be a number")
        return _bounded(fld, value)
    if kind == "date":
        if isinstance(raw, date) and not isinstance(raw, datetime):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError("must be a date (YYYY-MM-DD)") from None
    if kind == "datetime":
        if isinstance(raw, datetime):
            value = raw
        else:
            try:
                value = datetime.fromisoformat(str(raw))
            except ValueError:
                raise ValueError("must be a date and time (ISO 8601)") from None
        if value.tzinfo is None:
            raise ValueError("must include a time zone offset")
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise ValueError("is out of the supported range") from None
    raise ValueError(f"unsupported field type {kind}")  # pragma: no cover


#: whole numbers are stored in 64-bit columns at most
INTEGER_RANGE = (-(2**63), 2**63 - 1)


def _integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("must be a whole number")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if not isinstance(raw, int):
        try:
            raw = int(str(raw).strip().replace("_", ""))
        except ValueError:
            raise ValueError("must be a whole number") from None
    if not INTEGER_RANGE[0] <= raw <= INTEGER_RANGE[1]:
        raise ValueError("is out of the supported range")
    return raw


def _bounded(fld: Field, value):
    if fld.minimum is not None and value < fld.minimum:
        raise ValueError(f"must be at least {fld.minimum:g}")
    if fld.maximum is not None and value > fld.maximum:
        raise ValueError(f"must be at most {fld.maximum:g}")
    return value
