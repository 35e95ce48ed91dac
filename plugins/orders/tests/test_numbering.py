"""Order numbers: SO-YYYY-NNNNN / PO-YYYY-NNNNN, per year in Vietnam's time, without gaps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from core import records
from core.db import db
from core.errors import ValidationError
from plugins.orders.numbering import format_number
from plugins.orders.tests.support import SALES, new_order, new_purchase


def test_numbers_look_like_so_year_and_five_digits():
    assert format_number("SO", 2026, 7) == "SO-2026-00007"
    assert format_number("PO", 2027, 12345) == "PO-2027-12345"


def test_orders_are_numbered_one_after_another(app, shop):
    with app.app_context(), time_machine.travel(datetime(2026, 6, 1, 3, tzinfo=UTC), tick=False):
        numbers = [new_order(shop).number for _ in range(3)]
    assert numbers == ["SO-2026-00001", "SO-2026-00002", "SO-2026-00003"]


def test_sales_and_purchase_orders_count_separately(app, shop):
    with app.app_context(), time_machine.travel(datetime(2026, 6, 1, 3, tzinfo=UTC), tick=False):
        assert new_order(shop).number == "SO-2026-00001"
        assert new_purchase(shop).number == "PO-2026-00001"
        assert new_order(shop).number == "SO-2026-00002"


def test_numbering_starts_again_each_year_in_vietnams_time(app, shop):
    with app.app_context():
        # 16:59 UTC on 31 December is 23:59 in Hà Nội: still 2026
        with time_machine.travel(datetime(2026, 12, 31, 16, 59, tzinfo=UTC), tick=False):
            assert new_order(shop).number == "SO-2026-00001"
            assert new_order(shop).number == "SO-2026-00002"
        # 17:00 UTC is midnight in Hà Nội: the first order of 2027
        with time_machine.travel(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), tick=False):
            assert new_order(shop).number == "SO-2027-00001"
        with time_machine.travel(datetime(2027, 3, 1, tzinfo=UTC), tick=False):
            assert new_order(shop).number == "SO-2027-00002"


def test_a_rolled_back_creation_gives_its_number_back(app, shop):
    with app.app_context(), time_machine.travel(datetime(2026, 6, 1, 3, tzinfo=UTC), tick=False):
        assert new_order(shop).number == "SO-2026-00001"
        records.create(
            SALES,
            {"customer_id": shop.customer, "lines": [{"product_id": shop.rice, "quantity": 1}]},
            actor_id=shop.seller,
            commit=False,
        )
        db.session.rollback()
        assert new_order(shop).number == "SO-2026-00002"


def test_a_refused_creation_takes_no_number(app, shop):
    with app.app_context(), time_machine.travel(datetime(2026, 6, 1, 3, tzinfo=UTC), tick=False):
        with pytest.raises(ValidationError):
            new_order(shop, [{"product_id": 9999, "quantity": 1}])
        assert new_order(shop).number == "SO-2026-00001"


def test_the_number_cannot_be_written(app, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_order(shop, number="SO-2026-99999")
        assert refused.value.fields == {"number": "read-only field"}
