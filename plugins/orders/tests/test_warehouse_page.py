"""The warehouse queue page: what it lists, its next-step buttons, its sort and its badges."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core import records
from core.db import db
from core.hookmarkers import hookimpl
from core.listing import ListSort
from core.ui.badges import Badge
from plugins.orders.models import SalesOrder
from plugins.orders.tests.support import SALES, sales_order_in


def make_orders(app, shop, states) -> dict[str, str]:
    """One order per state, created oldest first in the given order: ``{state: number}``."""
    with app.app_context():
        numbers = {state: sales_order_in(shop, state).number for state in states}
        orders = db.session.execute(db.select(SalesOrder).order_by(SalesOrder.id)).scalars()
        for age, order in enumerate(reversed(list(orders)), start=1):
            order.created_at = order.created_at - timedelta(hours=age)
        db.session.commit()
    return numbers


def rows(html: str) -> list[str]:
    """The order numbers of the queue, top to bottom."""
    import re

    return re.findall(r'<tr data-order="([^"]+)">', html)


def test_the_queue_lists_confirmed_picking_and_packed_orders_only(app, client, login, shop):
    numbers = make_orders(
        app, shop, ["draft", "confirmed", "picking", "packed", "shipped", "delivered", "cancelled"]
    )
    login(client, shop.picker)
    page = client.get("/orders/warehouse")
    assert page.status_code == 200
    listed = rows(page.get_data(as_text=True))
    assert sorted(listed) == sorted(numbers[s] for s in ("confirmed", "picking", "packed"))


def test_the_queue_shows_the_oldest_order_first_by_default(app, client, login, shop):
    numbers = make_orders(app, shop, ["packed", "confirmed", "picking"])
    login(client, shop.picker)
    listed = rows(client.get("/orders/warehouse").get_data(as_text=True))
    assert listed == [numbers["packed"], numbers["confirmed"], numbers["picking"]]


def test_the_queue_can_be_narrowed_to_one_step(app, client, login, shop):
    numbers = make_orders(app, shop, ["confirmed", "picking", "packed"])
    login(client, shop.picker)
    listed = rows(client.get("/orders/warehouse?state=picking").get_data(as_text=True))
    assert listed == [numbers["picking"]]


@pytest.mark.parametrize(
    ("state", "step"),
    [("confirmed", "picking"), ("picking", "packed"), ("packed", "shipped")],
)
def test_one_click_moves_an_order_to_its_next_step(app, client, login, shop, state, step):
    with app.app_context():
        order_id = sales_order_in(shop, state).id
    login(client, shop.picker)
    page = client.get("/orders/warehouse").get_data(as_text=True)
    assert f'name="to" value="{step}"' in page
    answer = client.post(
        f"/orders/warehouse/{order_id}/step",
        data={"from": state, "to": step},
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert answer.request.path == "/orders/warehouse"
    with app.app_context():
        assert records.get_record(SALES, order_id).state == step


def test_a_step_already_taken_by_someone_else_is_flashed_not_repeated(app, client, login, shop):
    with app.app_context():
        order = sales_order_in(shop, "picking")
        order_id = order.id
    login(client, shop.picker)
    answer = client.post(
        f"/orders/warehouse/{order_id}/step",
        data={"from": "confirmed", "to": "picking"},
        follow_redirects=True,
    )
    assert "already moved on" in answer.get_data(as_text=True)
    with app.app_context():
        assert records.get_record(SALES, order_id).state == "picking"


def test_an_illegal_step_is_flashed(app, client, login, shop):
    with app.app_context():
        order_id = sales_order_in(shop, "confirmed").id
    login(client, shop.picker)
    answer = client.post(
        f"/orders/warehouse/{order_id}/step", data={"to": "delivered"}, follow_redirects=True
    )
    assert "cannot move" in answer.get_data(as_text=True)
    with app.app_context():
        assert records.get_record(SALES, order_id).state == "confirmed"


def test_the_queue_needs_warehouse_operate(app, client, login, shop):
    with app.app_context():
        order_id = sales_order_in(shop, "confirmed").id
    login(client, shop.seller)
    assert client.get("/orders/warehouse").status_code == 403
    refused = client.post(f"/orders/warehouse/{order_id}/step", data={"to": "picking"})
    assert refused.status_code == 403
    with app.app_context():
        assert records.get_record(SALES, order_id).state == "confirmed"


def test_the_step_form_is_protected_against_forgery(app, client, login, shop):
    with app.app_context():
        order_id = sales_order_in(shop, "confirmed").id
    login(client, shop.picker)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/orders/warehouse").get_data(as_text=True)
        assert 'name="csrf_token"' in page
        forged = client.post(f"/orders/warehouse/{order_id}/step", data={"to": "picking"})
        assert forged.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        assert records.get_record(SALES, order_id).state == "confirmed"


class UrgencyPlugin:
    """Stands in for SLA: a default "urgency" sort (newest first here) and a badge per order;
    counts how often the badges hook is called."""

    def __init__(self) -> None:
        self.badge_calls = 0

    @hookimpl
    def list_sorts(self, entity, user):
        if entity.key != SALES:
            return []
        return [
            ListSort("urgency", "Urgency", lambda stmt, desc: stmt.order_by(SalesOrder.id.desc()))
        ]

    @hookimpl
    def list_default_sort(self, entity, user):
        return "urgency" if entity.key == SALES else None

    @hookimpl
    def record_badges(self, entity, records, user):
        self.badge_calls += 1
        return {r.id: [Badge("sla", "2h 10m left", "success", title="deadline")] for r in records}


@pytest.fixture
def urgency(app):
    plugin = UrgencyPlugin()
    pm = app.extensions["nhip"].live.pm
    pm.register(plugin, name="test-urgency")
    try:
        yield plugin
    finally:
        pm.unregister(name="test-urgency")


def test_the_plugins_default_sort_and_badges_fill_the_queue(app, client, login, shop, urgency):
    numbers = make_orders(app, shop, ["packed", "confirmed", "picking"])
    login(client, shop.picker)
    html = client.get("/orders/warehouse").get_data(as_text=True)
    assert rows(html) == [numbers["picking"], numbers["confirmed"], numbers["packed"]]
    assert html.count('title="deadline">2h 10m left</span>') == 3
    assert urgency.badge_calls == 1
    assert '<option value="urgency" selected>' in html


def test_an_explicit_sort_beats_the_default(app, client, login, shop, urgency):
    numbers = make_orders(app, shop, ["packed", "confirmed", "picking"])
    login(client, shop.picker)
    html = client.get("/orders/warehouse?sort=created_at").get_data(as_text=True)
    assert rows(html) == [numbers["packed"], numbers["confirmed"], numbers["picking"]]
