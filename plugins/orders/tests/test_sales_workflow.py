"""The sales order workflow: every legal and illegal move, and who may make it."""

from __future__ import annotations

import pytest

from core import records
from core.errors import TransitionError
from plugins.orders.tests.support import SALES, sales_order_in

STATES = ("draft", "confirmed", "picking", "packed", "shipped", "delivered", "cancelled")
LEGAL = {
    "draft": {"confirmed", "cancelled"},
    "confirmed": {"picking", "cancelled"},
    "picking": {"packed", "cancelled"},
    "packed": {"shipped"},
    "shipped": {"delivered"},
    "delivered": set(),
    "cancelled": set(),
}


@pytest.mark.parametrize("source", STATES)
def test_each_legal_move_succeeds(app, shop, source):
    with app.app_context():
        for target in sorted(LEGAL[source]):
            order = sales_order_in(shop, source)
            records.transition(SALES, order, target, actor_id=shop.seller)
            assert records.get_record(SALES, order.id).state == target


@pytest.mark.parametrize("source", STATES)
def test_each_illegal_move_is_refused_with_the_allowed_ones(app, shop, source):
    with app.app_context():
        order = sales_order_in(shop, source)
        for target in sorted(set(STATES) - LEGAL[source]):
            with pytest.raises(TransitionError) as refused:
                records.transition(SALES, order, target, actor_id=shop.seller)
            assert sorted(refused.value.allowed) == sorted(LEGAL[source])
            assert records.get_record(SALES, order.id).state == source


def test_delivered_and_cancelled_are_final(app):
    with app.app_context():
        entity = records.entity_type(SALES)
        assert entity.final_states == {"delivered", "cancelled"}
        assert entity.initial_state == "draft"


def test_sales_confirms_and_cancels_the_warehouse_moves_the_goods(app):
    with app.app_context():
        entity = records.entity_type(SALES)
        permission = {
            (t.source, t.target): entity.transition_permission(t) for t in entity.transitions
        }
    assert permission[("draft", "confirmed")] == "orders.write"
    for source in ("draft", "confirmed", "picking"):
        assert permission[(source, "cancelled")] == "orders.write"
    for move in (
        ("confirmed", "picking"),
        ("picking", "packed"),
        ("packed", "shipped"),
        ("shipped", "delivered"),
    ):
        assert permission[move] == "warehouse.operate"


@pytest.mark.parametrize(
    ("state", "department"),
    [
        ("draft", "SALES"),
        ("confirmed", "SALES"),
        ("picking", "WAREHOUSE"),
        ("packed", "WAREHOUSE"),
    ],
)
def test_the_department_in_charge_follows_the_step(app, shop, state, department):
    with app.app_context():
        order = sales_order_in(shop, state)
        entity = records.entity_type(SALES)
        assert entity.responsible_department_of(order) == department
        assert entity.responsible_user_of(order) == shop.seller


def test_the_creator_is_the_salesperson_unless_another_is_named(app, shop, make_user):
    other = make_user("minh@example.com", ["employee", "sales"])
    with app.app_context():
        mine = sales_order_in(shop, "draft")
        theirs = records.create(
            SALES,
            {
                "customer_id": shop.customer,
                "salesperson_id": other,
                "lines": [{"product_id": shop.rice, "quantity": 1}],
            },
            actor_id=shop.seller,
        )
        assert mine.salesperson_id == shop.seller
        assert theirs.salesperson_id == other
