"""The orders' dashboard cards: "My open orders" for salespeople and "Warehouse queue" for the
warehouse, counts by state, each a link to those orders."""

from __future__ import annotations

import re
from html import unescape

from core import records
from plugins.orders.tests.support import sales_order_in


def card(html: str, source: str = "orders") -> str:
    found = re.search(rf'<section[^>]*data-source="{source}".*?</section>', html, re.S)
    return found[0] if found else ""


def test_a_salesperson_sees_their_open_orders_by_state(app, client, login, make_user, shop):
    colleague = make_user("duc@example.com", ["employee", "sales"])
    with app.app_context():
        for state in ("draft", "confirmed", "confirmed", "picking", "delivered", "cancelled"):
            sales_order_in(shop, state)
        records.create(
            "orders.sales_order",
            {"customer_id": shop.customer, "lines": [{"product_id": shop.rice, "quantity": 1}]},
            actor_id=colleague,
        )
    login(client, shop.seller)
    html = card(client.get("/").get_data(as_text=True))
    assert "My open orders" in html
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert counts == {"draft": "1", "confirmed": "2", "picking": "1"}
    links = [unescape(u) for u in re.findall(r'href="([^"]+)" class="fw-semibold', html)]
    assert f"/r/orders.sales_order/?salesperson_id={shop.seller}&state=confirmed" in links
    assert "All 4 open orders" in html and 'href="/orders/sales/new"' in html


def test_the_filtered_list_holds_what_the_card_counted(app, client, login, shop):
    with app.app_context():
        mine = sales_order_in(shop, "confirmed").number
    login(client, shop.seller)
    url = f"/r/orders.sales_order/?salesperson_id={shop.seller}&state=confirmed"
    assert mine in client.get(url).get_data(as_text=True)


def test_a_salesperson_without_open_orders_is_offered_a_new_one(app, client, login, shop):
    login(client, shop.seller)
    html = card(client.get("/").get_data(as_text=True))
    assert "You have no open sales orders." in html and 'href="/orders/sales/new"' in html


def test_people_who_take_no_orders_get_no_card(app, client, login, shop):
    for user in (shop.picker, shop.buyer):
        login(client, user)
        assert card(client.get("/").get_data(as_text=True)) == ""


def test_the_warehouse_sees_how_many_orders_wait_at_each_step(app, client, login, shop):
    with app.app_context():
        for state in ("draft", "confirmed", "picking", "picking", "shipped"):
            sales_order_in(shop, state)
    login(client, shop.picker)
    html = card(client.get("/").get_data(as_text=True), "orders-warehouse")
    assert "Warehouse queue" in html
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert counts == {"confirmed": "1", "picking": "2"}
    assert 'href="/orders/warehouse?state=picking"' in html
    assert "All 3 orders in the queue" in html
    login(client, shop.seller)
    assert card(client.get("/").get_data(as_text=True), "orders-warehouse") == ""
