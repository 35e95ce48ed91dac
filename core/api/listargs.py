"""List parameters of ``GET /api/v1/<entity>``, read strictly.

``core.listing`` understands the parameters (filters, search, sort, paging; see its
docstring). Before handing them over, the API refuses what a database could not take or what
is ambiguous: a parameter given twice, a filter with a blank value, NUL characters, paging
numbers that are not plain whole numbers, and numbers or instants too large for any column.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from werkzeug.datastructures import MultiDict

from core.api.limits import integer_top
from core.entities import EntityType
from core.errors import ValidationError
from core.listing import RESERVED, ListQuery

WHOLE = re.compile(r"^[0-9]+$")
DECIMAL_EXPONENT = 30
MESSAGE = "invalid list parameters"
BLANK = "give a value, or leave the parameter out (name__isnull=true finds records without one)"


def list_query(entity: EntityType, args: MultiDict) -> ListQuery:
    """The parsed parameters; ValidationError (422) names each one that is refused."""
    errors: dict[str, str] = {}
    for key in args:
        values = args.getlist(key)
        if len(values) > 1:
            errors[key] = "give this parameter once (use name__in=a,b for several values)"
            continue
        value = values[0]
        if "\x00" in value or "\x00" in key:
            errors[key] = "must not contain NUL characters"
        elif not value.strip() and key not in RESERVED:
            errors[key] = BLANK
        elif key in ("page", "per_page"):
            if not WHOLE.match(value):
                errors[key] = "must be a whole number"
        elif key not in RESERVED:
            problem = _filter_problem(entity, key, value)
            if problem:
                errors[key] = problem
    if errors:
        raise ValidationError(errors, MESSAGE)
    try:
        return ListQuery.from_args(_single(args))
    except ValidationError as exc:
        raise ValidationError(exc.fields, MESSAGE) from None


def _single(args: MultiDict) -> Mapping[str, str]:
    return {key: args.get(key, "") for key in args}


def _filter_problem(entity: EntityType, key: str, raw: str) -> str | None:
    """Why a filter value can reach no column (too large, out of range), else None."""
    name, _, op = key.partition("__")
    if name == "id":
        kind, attribute = "int", "id"
    elif entity.has_field(name):
        kind, attribute = entity.field(name).type, entity.field(name).attr
    else:
        return None
    top = integer_top(entity.model, attribute)
    for value in raw.split(",") if op == "in" else [raw]:
        problem = _value_problem(kind, value.strip(), top)
        if problem:
            return problem
    return None


def _value_problem(kind: str, value: str, top: int) -> str | None:
    if kind in ("int", "money", "ref"):
        try:
            number = int(value.replace("_", ""))
        except ValueError:
            return None  # the listing names it
        return "out of range" if abs(number) > top else None
    if kind == "decimal":
        try:
            number = Decimal(value)
        except InvalidOperation:
            return None
        if number.is_finite() and number != 0:
            exponent = number.adjusted()
            if abs(exponent) > DECIMAL_EXPONENT:
                return "out of range"
        return None
    if kind == "datetime":
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            return None
        try:
            if instant.tzinfo is not None:
                instant.astimezone(UTC)
        except OverflowError:
            return "out of range"
    return None
