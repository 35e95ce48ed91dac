"""Turning submitted values (form strings or JSON) into typed field values, with messages.

Nothing a database would refuse or store as garbage gets through: text is at most its field's
``max_length`` (``MAX_TEXT`` when the field sets none) and holds no NUL character or unpaired
surrogate; dates lie between ``FIRST_YEAR`` and 9999; a field whose column may not be empty
cannot be cleared by an update.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from core.entities import Child, EntityType, Field
from core.errors import ValidationError

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TRUE = {"1", "true", "yes", "on", "y"}
FALSE = {"0", "false", "no", "off", "n", ""}
#: the longest text of a field that sets no ``max_length``
MAX_TEXT = 10_000
#: the earliest year of a date or time field (the latest is 9999, Python's own limit)
FIRST_YEAR = 1900
DATE_RANGE = f"must be between {FIRST_YEAR}-01-01 and 9999-12-31"


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
            clean[name] = _fits(entity.model, fld, coerce(fld, raw))
        except ValueError as exc:
            errors[name] = str(exc)
    for fld in entity.fields:
        if not fld.editable or fld.name in errors:
            continue
        missing = clean.get(fld.name) in (None, "")
        if fld.required and missing and (creating or fld.name in values):
            errors[fld.name] = "required"
        elif not creating and fld.name in values and clean.get(fld.name) is None:
            if not _may_be_empty(entity.model, fld):
                errors[fld.name] = "required"  # a NOT NULL column: clearing it is refused
    for child in entity.children:
        row_errors = any(k == child.name or k.startswith(f"{child.name}[") for k in errors)
        if creating and child.required and not clean.get(child.name) and not row_errors:
            errors[child.name] = "at least one row is required"
    if errors:
        raise ValidationError(errors)
    return clean


def _column(model: type, fld: Field) -> sa.Column | None:
    """The column behind ``fld``, or None when it is no plain column."""
    try:
        columns = getattr(sa.inspect(model).attrs.get(fld.attr), "columns", None)
    except sa.exc.NoInspectionAvailable:
        return None
    return columns[0] if columns else None


def _may_be_empty(model: type, fld: Field) -> bool:
    """Whether the column behind ``fld`` takes NULL (True when it is no plain column)."""
    column = _column(model, fld)
    return column is None or column.nullable is not False


def _fits(model: type, fld: Field, value: Any) -> Any:
    """``value`` if its column can hold it (text within a ``String(n)``, a whole number within a
    32-bit ``integer`` column on PostgreSQL), else ValueError."""
    if not isinstance(value, int | str) or isinstance(value, bool):
        return value
    kind = getattr(_column(model, fld), "type", None)
    if isinstance(kind, sa.TypeDecorator):
        kind = kind.impl
    if isinstance(value, str):
        length = getattr(kind, "length", None) if isinstance(kind, sa.String) else None
        if length and len(value) > length:
            raise ValueError(f"at most {length} characters")
        return value
    if isinstance(kind, sa.Integer) and not isinstance(kind, sa.BigInteger):
        top = 2**15 - 1 if isinstance(kind, sa.SmallInteger) else 2**31 - 1
        if value > top:
            raise ValueError(f"must be at most {top}")
        if value < -top:
            raise ValueError(f"must be at least {-top}")
    return value


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
            fld = child.field(name)
            try:
                clean[name] = _fits(child.model, fld, coerce(fld, value))
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
        if len(value) > (fld.max_length or MAX_TEXT):
            raise ValueError(f"at most {fld.max_length or MAX_TEXT} characters")
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        if not _is_unicode(value):
            raise ValueError("must be valid Unicode text")
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
            return _in_range(raw)
        try:
            day = date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError("must be a date (YYYY-MM-DD)") from None
        return _in_range(day)
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
            value = value.astimezone(UTC)
        except OverflowError:
            raise ValueError("is out of the supported range") from None
        return _in_range(value)
    raise ValueError(f"unsupported field type {kind}")  # pragma: no cover


def _in_range(value: date) -> date:
    if value.year < FIRST_YEAR:
        raise ValueError(DATE_RANGE)
    return value


def _is_unicode(text: str) -> bool:
    """Whether ``text`` can be stored (no unpaired surrogate, which UTF-8 cannot encode)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
