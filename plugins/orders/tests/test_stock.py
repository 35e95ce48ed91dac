"""Stock rules: confirming reserves, shipping consumes, cancelling releases, receiving adds."""

from __future__ import annotations

import pytest

from core import records
from core.errors import BusinessRuleError, PluginFailed
from core.hookmarkers import hookimpl
from plugins.orders.tests.support import (
    PURCHASE,
    SALES,
    new_order,
    purchase_in,
    sales_order_in,
    stock,
)


def test_confirming_reserves_the_quantities(app, shop):
    with app.app_context():
        order = new_order(
            shop,
            [
                {"product_id": shop.rice, "quantity": 3},
                {"product_id": shop.coffee, "quantity": 5},
                {"product_id": shop.rice, "quantity": 2},
            ],
        )
        records.transition(SALES, order, "confirmed", actor_id=shop.seller)
        assert stock(shop.rice) == (50, 5)
        assert stock(shop.coffee) == (20, 5)


def test_a_short_confirmation_is_refused_naming_every_short_product(app, shop):
    with app.app_context():
        order = new_order(
            shop,
            [
                {"product_id": shop.rice, "quantity": 10},
                {"product_id": shop.sauce, "quantity": 10},
                {"product_id": shop.coffee, "quantity": 25},
            ],
        )
        with pytest.raises(BusinessRuleError) as refused:
            records.transition(SALES, order, "confirmed", actor_id=shop.seller)
        assert refused.value.message == (
            "Not enough stock: Cà phê Trung Nguyên 500g (need 25, available 20), "
            "Nước mắm Phú Quốc (need 10, available 4)"
        )
        assert "Gạo" not in refused.value.message


def test_a_refused_confirmation_reserves_nothing_and_stays_a_draft(app, shop):
    with app.app_context():
        order = new_order(
            shop,
            [{"product_id": shop.rice, "quantity": 10}, {"product_id": shop.sauce, "quantity": 10}],
        )
        with pytest.raises(BusinessRuleError):
            records.transition(SALES, order, "confirmed", actor_id=shop.seller)
        assert stock(shop.rice) == (50, 0)
        assert stock(shop.sauce) == (4, 0)
        assert records.get_record(SALES, order.id).state == "draft"


def test_reserved_units_are_not_available_to_the_next_order(app, shop):
    with app.app_context():
        sales_order_in(shop, "confirmed", [{"product_id": shop.sauce, "quantity": 3}])
        second = new_order(shop, [{"product_id": shop.sauce, "quantity": 2}])
        with pytest.raises(BusinessRuleError, match=r"need 2, available 1"):
            records.transition(SALES, second, "confirmed", actor_id=shop.seller)


def test_shipping_consumes_the_reservation(app, shop):
    with app.app_context():
        order = sales_order_in(shop, "packed", [{"product_id": shop.rice, "quantity": 7}])
        assert stock(shop.rice) == (50, 7)
        records.transition(SALES, order, "shipped", actor_id=shop.picker)
        assert stock(shop.rice) == (43, 0)
        records.transition(SALES, order, "delivered", actor_id=shop.picker)
        assert stock(shop.rice) == (43, 0)


@pytest.mark.parametrize("state", ["confirmed", "picking"])
def test_cancelling_a_confirmed_order_releases_its_reservation(app, shop, state):
    with app.app_context():
        order = sales_order_in(shop, state, [{"product_id": shop.rice, "quantity": 7}])
        records.transition(SALES, order, "cancelled", actor_id=shop.seller)
        assert stock(shop.rice) == (50, 0)


def test_cancelling_a_draft_moves_no_stock(app, shop):
    with app.app_context():
        sales_order_in(shop, "confirmed", [{"product_id": shop.rice, "quantity": 4}])
        draft = new_order(shop, [{"product_id": shop.rice, "quantity": 7}])
        records.transition(SALES, draft, "cancelled", actor_id=shop.seller)
        assert stock(shop.rice) == (50, 4)


def test_receiving_a_purchase_adds_to_stock_on_hand(app, shop):
    with app.app_context():
        order = purchase_in(shop, "confirmed")
        assert stock(shop.rice) == (50, 0)
        records.transition(PURCHASE, order, "received", actor_id=shop.picker)
        assert stock(shop.rice) == (150, 0)


def test_stock_on_hand_cannot_be_adjusted_below_what_is_reserved(app, shop):
    from core.errors import ValidationError

    with app.app_context():
        sales_order_in(shop, "confirmed", [{"product_id": shop.rice, "quantity": 30}])
        with pytest.raises(ValidationError) as refused:
            records.create(
                "orders.stock_adjustment",
                {"product_id": shop.rice, "change": -30, "reason": "count"},
                actor_id=shop.picker,
            )
        assert "change" in refused.value.fields
        assert stock(shop.rice) == (50, 30)


class FailingListener:
    """A plugin whose ``entity_transitioned`` raises, as a broken SLA bookkeeping would."""

    @hookimpl
    def entity_transitioned(self, entity, record, from_state, to_state, actor_id, note):
        raise RuntimeError("bookkeeping failed")


def test_a_failing_hook_undoes_the_reservation_with_the_transition(app, shop):
    pm = app.extensions["nhip"].live.pm
    pm.register(FailingListener(), name="test-failing")
    try:
        with app.app_context():
            order = new_order(shop, [{"product_id": shop.rice, "quantity": 5}])
            with pytest.raises(PluginFailed, match="plugin test-failing failed"):
                records.transition(SALES, order, "confirmed", actor_id=shop.seller)
            assert stock(shop.rice) == (50, 0)
            assert records.get_record(SALES, order.id).state == "draft"
    finally:
        pm.unregister(name="test-failing")
