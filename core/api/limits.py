"""What a field's database column can hold: integer range, text length, decimal digits.

The API refuses values the column cannot store with a 422 naming the field, instead of letting
the database fail (a 500), and the OpenAPI document states the same bounds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from core.entities import Field
from core.fieldvalues import MAX_TEXT

#: the widest integer any supported database stores (SQLite and PostgreSQL ``bigint``)
INT64 = 2**63 - 1
#: digits before and after the point for a decimal column that declares none
DEFAULT_DIGITS = (15, 6)


@dataclass(frozen=True)
class Limits:
    """Bounds of one field: ``minimum``/``maximum`` for numbers, ``max_length`` for text,
    ``places`` (digits after the point) for decimals."""

    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    max_length: int | None = None
    places: int | None = None


def column_type(model: type, attribute: str):
    """The SQLAlchemy type of ``model.attribute`` when it is a plain column, else None."""
    try:
        prop = sa.inspect(model).attrs.get(attribute)
    except sa.exc.NoInspectionAvailable:
        return None
    columns = getattr(prop, "columns", None)
    if not columns:
        return None
    kind = columns[0].type
    while isinstance(kind, TypeDecorator):
        kind = kind.impl
    return kind


def limits_of(model: type, fld: Field) -> Limits:
    """The bounds of ``fld`` on ``model``: the field's own, narrowed by what the column holds."""
    kind = column_type(model, fld.attr)
    if fld.type in ("int", "money", "ref"):
        top = _integer_top(kind)
        low = 1 if fld.type == "ref" else -top
        return Limits(
            minimum=_tighter(low, fld.minimum, max, math.ceil),
            maximum=_tighter(top, fld.maximum, min, math.floor),
        )
    if fld.type == "decimal":
        whole, places = DEFAULT_DIGITS
        if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float) and kind.precision:
            places = kind.scale or 0
            whole = kind.precision - places
        top = Decimal(10) ** whole - Decimal(10) ** -places
        return Limits(
            minimum=_tighter(-top, fld.minimum, max, _decimal),
            maximum=_tighter(top, fld.maximum, min, _decimal),
            places=places,
        )
    if fld.type in ("str", "text", "email"):
        length = getattr(kind, "length", None) if isinstance(kind, sa.String) else None
        lengths = [n for n in (length, fld.max_length or MAX_TEXT) if n]
        return Limits(max_length=min(lengths))
    return Limits()


def integer_top(model: type, attribute: str) -> int:
    """The largest whole number the column ``model.attribute`` holds (64-bit if unknown)."""
    return _integer_top(column_type(model, attribute))


def _integer_top(kind) -> int:
    if isinstance(kind, sa.SmallInteger):
        return 2**15 - 1
    if isinstance(kind, sa.BigInteger):
        return INT64
    if isinstance(kind, sa.Integer):
        return 2**31 - 1
    return INT64


def _decimal(value: float) -> Decimal:
    return Decimal(str(value))


def _tighter(column_bound, field_bound, pick, convert):
    if field_bound is None:
        return column_bound
    return pick(column_bound, convert(field_bound))
