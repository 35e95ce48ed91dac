"""Coercing submitted values: child rows report their own errors, not a missing list."""

import pytest

from core.entities import Child, EntityType, Field
from core.errors import ValidationError
from core.fieldvalues import coerce_values


class _Order:
    pass


class _Line:
    pass


ORDER = EntityType(
    key="shop.order",
    model=_Order,
    label="Order",
    label_plural="Orders",
    fields=(Field("note", "str"),),
    read_permission="shop.read",
    write_permission="shop.write",
    children=(
        Child("lines", _Line, (Field("quantity", "int", required=True, minimum=1),), required=True),
    ),
)


def test_a_bad_row_is_named_and_the_list_is_not_called_missing():
    with pytest.raises(ValidationError) as caught:
        coerce_values(ORDER, {"lines": [{"quantity": 0}]}, creating=True)
    assert caught.value.fields == {"lines[0].quantity": "must be at least 1"}


def test_no_rows_at_all_is_reported_on_the_list():
    with pytest.raises(ValidationError) as caught:
        coerce_values(ORDER, {"note": "x"}, creating=True)
    assert caught.value.fields == {"lines": "at least one row is required"}


def test_rows_are_coerced():
    assert coerce_values(ORDER, {"lines": [{"quantity": "3"}]}, creating=True) == {
        "lines": [{"quantity": 3}]
    }


def test_out_of_range_values_are_field_errors_not_crashes():
    from core.fieldvalues import coerce

    with pytest.raises(ValueError, match="out of the supported range"):
        coerce(Field("at", "datetime"), "0001-01-01T00:00:00+05:00")
    with pytest.raises(ValueError, match="out of the supported range"):
        coerce(Field("n", "int"), "9" * 30)
