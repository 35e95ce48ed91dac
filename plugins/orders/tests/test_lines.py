"""Order lines: prices, amounts, totals, and lines frozen once the order leaves the draft."""

from __future__ import annotations

import pytest

from core import records
from core.errors import ValidationError
from plugins.orders.tests.support import PURCHASE, SALES, new_order, new_purchase, sales_order_in


def test_a_line_without_a_price_takes_the_products_price(app, shop):
    with app.app_context():
        order = new_order(shop, [{"product_id": shop.rice, "quantity": 2}])
        assert order.lines[0].unit_price == 185_000


def test_a_line_keeps_the_price_it_was_given(app, shop):
    with app.app_context():
        order = new_order(shop, [{"product_id": shop.rice, "quantity": 2, "unit_price": 190_000}])
        assert order.lines[0].unit_price == 190_000


def test_amounts_and_total_are_computed(app, shop):
    with app.app_context():
        order = new_order(
            shop,
            [
                {"product_id": shop.rice, "quantity": 2},
                {"product_id": shop.coffee, "quantity": 3, "unit_price": 220_000},
            ],
        )
        assert [line.amount for line in order.lines] == [370_000, 660_000]
        assert order.total == 1_030_000


def test_amount_and_total_cannot_be_written(app, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_order(shop, [{"product_id": shop.rice, "quantity": 1, "amount": 1}], total=5)
        assert refused.value.fields["lines[0].amount"] == "read-only field"
        assert refused.value.fields["total"] == "read-only field"


def test_a_draft_can_change_its_lines_and_the_total_follows(app, shop):
    with app.app_context():
        order = new_order(shop)
        records.update(
            SALES,
            order,
            {"lines": [{"product_id": shop.coffee, "quantity": 1}]},
            actor_id=shop.seller,
        )
        order = records.get_record(SALES, order.id)
        assert [(line.product_id, line.quantity) for line in order.lines] == [(shop.coffee, 1)]
        assert order.total == 215_000


@pytest.mark.parametrize("state", ["confirmed", "picking", "shipped"])
def test_lines_cannot_change_after_the_draft(app, shop, state):
    """(A closed order refuses every change: ``test_closed_orders``.)"""
    with app.app_context():
        order = sales_order_in(shop, state)
        with pytest.raises(ValidationError) as refused:
            records.update(
                SALES,
                order,
                {"lines": [{"product_id": shop.coffee, "quantity": 1}]},
                actor_id=shop.seller,
            )
        assert "lines" in refused.value.fields
        order = records.get_record(SALES, order.id)
        assert [(line.product_id, line.quantity) for line in order.lines] == [(shop.rice, 2)]


def test_the_customer_cannot_change_after_the_draft(app, shop):
    with app.app_context():
        other = records.create("crm.customer", {"name": "Cửa hàng Cô Ba"})
        order = sales_order_in(shop, "confirmed")
        with pytest.raises(ValidationError) as refused:
            records.update(SALES, order, {"customer_id": other.id}, actor_id=shop.seller)
        assert "customer_id" in refused.value.fields


def test_priority_can_still_change_after_confirmation(app, shop):
    with app.app_context():
        order = sales_order_in(shop, "confirmed")
        changes = records.update(SALES, order, {"priority": "express"}, actor_id=shop.seller)
        assert changes == {"priority": ("normal", "express")}


def test_an_order_needs_at_least_one_line(app, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_order(shop, [])
        assert "lines" in refused.value.fields
        order = new_order(shop)
        with pytest.raises(ValidationError):
            records.update(SALES, order, {"lines": []}, actor_id=shop.seller)


def test_unknown_products_and_customers_are_named(app, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_order(
                shop,
                [{"product_id": shop.rice, "quantity": 1}, {"product_id": 9999, "quantity": 1}],
                customer_id=9999,
            )
        assert set(refused.value.fields) == {"customer_id", "lines[1].product_id"}


def test_quantities_are_whole_and_at_least_one(app, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_order(
                shop,
                [{"product_id": shop.rice, "quantity": 0}, {"product_id": shop.rice}],
            )
        assert refused.value.fields["lines[0].quantity"] == "must be at least 1"
        assert refused.value.fields["lines[1].quantity"] == "required"


def test_defaults_and_the_customers_tier_are_filled_in(app, shop):
    with app.app_context():
        order = new_order(shop)
        assert (order.priority, order.channel, order.customer_tier) == ("normal", "web", "gold")
        assert order.state == "draft"


def test_a_tier_change_reaches_open_orders_only(app, shop):
    with app.app_context():
        open_order = sales_order_in(shop, "picking")
        done_order = sales_order_in(shop, "delivered")
        customer = records.get_record("crm.customer", shop.customer)
        records.update("crm.customer", customer, {"tier": "vip"}, actor_id=shop.seller)
        assert records.get_record(SALES, open_order.id).customer_tier == "vip"
        assert records.get_record(SALES, done_order.id).customer_tier == "gold"


def test_purchase_lines_need_a_unit_cost_and_total_up(app, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_purchase(shop, [{"product_id": shop.rice, "quantity": 10}])
        assert "lines[0].unit_cost" in refused.value.fields
        order = new_purchase(
            shop,
            [
                {"product_id": shop.rice, "quantity": 10, "unit_cost": 120_000},
                {"product_id": shop.sauce, "quantity": 20, "unit_cost": 60_000},
            ],
        )
        assert order.total == 2_400_000
        assert order.buyer_id == shop.buyer


def test_purchase_lines_cannot_change_once_sent(app, shop):
    with app.app_context():
        order = new_purchase(shop)
        records.transition(PURCHASE, order, "sent", actor_id=shop.buyer)
        with pytest.raises(ValidationError) as refused:
            records.update(
                PURCHASE,
                order,
                {"lines": [{"product_id": shop.coffee, "quantity": 1, "unit_cost": 1}]},
            )
        assert "lines" in refused.value.fields
