"""The purchase order workflow: every legal and illegal move."""

from __future__ import annotations

import pytest

from core import records
from core.errors import TransitionError
from plugins.orders.tests.support import PURCHASE, purchase_in

STATES = ("draft", "sent", "confirmed", "received", "cancelled")
LEGAL = {
    "draft": {"sent", "cancelled"},
    "sent": {"confirmed", "cancelled"},
    "confirmed": {"received", "cancelled"},
    "received": set(),
    "cancelled": set(),
}


@pytest.mark.parametrize("source", STATES)
def test_each_legal_move_succeeds(app, shop, source):
    with app.app_context():
        for target in sorted(LEGAL[source]):
            order = purchase_in(shop, source)
            records.transition(PURCHASE, order, target, actor_id=shop.buyer)
            assert records.get_record(PURCHASE, order.id).state == target


@pytest.mark.parametrize("source", STATES)
def test_each_illegal_move_is_refused(app, shop, source):
    with app.app_context():
        order = purchase_in(shop, source)
        for target in sorted(set(STATES) - LEGAL[source]):
            with pytest.raises(TransitionError):
                records.transition(PURCHASE, order, target, actor_id=shop.buyer)
            assert records.get_record(PURCHASE, order.id).state == source


def test_receiving_needs_the_warehouse_and_every_other_move_purchase_write(app):
    with app.app_context():
        entity = records.entity_type(PURCHASE)
        needs = {(t.source, t.target): entity.transition_permission(t) for t in entity.transitions}
        assert needs.pop(("confirmed", "received")) == "warehouse.operate"
        assert set(needs.values()) == {"purchase.write"}
        assert entity.final_states == {"received", "cancelled"}
