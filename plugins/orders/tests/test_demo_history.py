"""The orders' demo history happens in working hours, in order, before the load, and demo
orders are numbered in the year they were created, not the year of the load."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from core import demo_time
from core.db import db
from core.demo import DemoContext
from core.demo_time import ZONE
from core.testing_demo import audit_trails, history_problems
from plugins.orders.demo import load_demo, taken_online
from plugins.orders.models import Product, PurchaseOrder, SalesOrder

MODELS = {
    "orders.product": Product,
    "orders.sales_order": SalesOrder,
    "orders.purchase_order": PurchaseOrder,
}
#: a Friday evening and a Monday morning (Asia/Ho_Chi_Minh): loads outside and inside work
LOADS = [datetime(2026, 11, 27, 14, 34, tzinfo=UTC), datetime(2026, 11, 30, 1, 10, tzinfo=UTC)]
#: Tuesday 5 January 2027, 15:00 in Hanoi: most demo orders were made in December 2026
NEW_YEAR = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("now", LOADS, ids=["friday-evening", "monday-morning"])
def test_demo_history_is_in_working_hours_in_order_and_before_the_load(app, now):
    with app.app_context(), time_machine.travel(now, tick=False):
        load_demo(DemoContext())
        assert history_problems("orders", MODELS, now, created_any_time=taken_online) == []


def test_demo_orders_are_confirmed_mostly_within_two_working_hours_some_late(app):
    with app.app_context(), time_machine.travel(LOADS[0], tick=False):
        load_demo(DemoContext())
        found = audit_trails("orders")
        waits = []
        for order in db.session.execute(select(SalesOrder)).scalars():
            moves = [e for e in found[("orders.sales_order", order.id)] if e.kind == "transition"]
            if moves and moves[0].changes["state"][1] == "confirmed":
                waits.append(demo_time.minutes_between(order.created_at, moves[0].at))
        assert sum(wait <= 120 for wait in waits) > 0.75 * len(waits)
        assert sum(wait > 120 for wait in waits) >= 5


def test_demo_orders_loaded_early_in_january_keep_the_year_they_were_made(app):
    with app.app_context(), time_machine.travel(NEW_YEAR, tick=False):
        load_demo(DemoContext())
        for model, kind in ((SalesOrder, "SO"), (PurchaseOrder, "PO")):
            orders = db.session.execute(select(model).order_by(model.id)).scalars().all()
            by_year: dict[int, list[int]] = {}
            for order in orders:
                year = order.created_at.astimezone(ZONE).year
                prefix, number_year, number = order.number.split("-")
                assert (prefix, int(number_year)) == (kind, year), order.number
                by_year.setdefault(year, []).append(int(number))
            assert 2026 in by_year
            if kind == "SO":
                assert 2027 in by_year
            for numbers in by_year.values():  # gap-free per year, in creation order
                assert numbers == list(range(1, len(numbers) + 1))
