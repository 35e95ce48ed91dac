"""Saving an order form through the service functions and showing their errors on the form."""

from __future__ import annotations

import re
from typing import Any

from flask import flash
from flask_login import current_user

from core import records
from core.entities import EntityType
from core.errors import BusinessRuleError, TransitionError, ValidationError
from plugins.orders.views.forms import filled_rows

LINE_ERROR = re.compile(r"^lines\[(\d+)\]\.(\w+)$")


def save_order(
    entity: EntityType,
    form,
    header: tuple[str, ...],
    record: Any = None,
    *,
    with_lines: bool,
    version: int | None = None,
) -> Any:
    """Create (``record`` None) or update an order from ``form``; returns the record, or None
    after putting every error on the form (nothing is saved then). An update based on
    ``version`` raises ``Conflict`` if someone else changed the order since."""
    values: dict[str, Any] = {name: getattr(form, name).data for name in header}
    rows = filled_rows(form) if with_lines else []
    if with_lines:
        values["lines"] = [row for _index, row in rows]
    try:
        if record is None:
            return records.create(entity, values, actor_id=current_user.id)
        records.update(entity, record, values, actor_id=current_user.id, version=version)
        return record
    except ValidationError as exc:
        show_errors(form, exc.fields, [index for index, _row in rows])
    except (BusinessRuleError, TransitionError) as exc:
        flash(exc.message, "danger")
    return None


def show_errors(form, errors: dict[str, str], row_indexes: list[int]) -> None:
    """Attach service errors to the form fields they name (``lines[1].quantity`` is the second
    filled row, whatever its place among blank rows); the rest become form-level errors.
    A bare ``lines`` message that only echoes row errors is dropped."""
    if any(LINE_ERROR.match(key) for key in errors):
        errors = {k: v for k, v in errors.items() if k != "lines"}
    for key, message in errors.items():
        match = LINE_ERROR.match(key)
        if match and int(match.group(1)) < len(row_indexes):
            entry = form.lines[row_indexes[int(match.group(1))]].form
            field = getattr(entry, match.group(2), None)
            if field is not None:
                field.errors = [*field.errors, message]
                continue
        field = getattr(form, key, None)
        if field is not None and key != "lines":
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
