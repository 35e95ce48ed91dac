"""A delivered, received or cancelled order is closed: neither the generic pages, nor the
order forms, nor the API change it; each says why."""

from __future__ import annotations

import pytest

from core import records
from core.db import db
from core.errors import BusinessRuleError
from plugins.orders.models import PurchaseOrder, SalesOrder
from plugins.orders.tests.support import PURCHASE, SALES, purchase_in, sales_order_in

CLOSED_SALES = ["cancelled", "delivered"]
CLOSED_PURCHASES = ["cancelled", "received"]


def flashes(client) -> str:
    with client.session_transaction() as session:
        return " ".join(message for _kind, message in session.get("_flashes", []))


@pytest.mark.parametrize("state", CLOSED_SALES)
def test_the_service_refuses_to_change_a_closed_sales_order(app, shop, state):
    with app.app_context():
        order = sales_order_in(shop, state)
        with pytest.raises(BusinessRuleError, match=r"can no longer be changed") as refused:
            records.update(SALES, order, {"priority": "express"}, shop.seller)
        assert order.number in refused.value.message
        db.session.expire_all()
        assert db.session.get(SalesOrder, order.id).priority == "normal"


@pytest.mark.parametrize("state", CLOSED_PURCHASES)
def test_the_service_refuses_to_change_a_closed_purchase_order(app, shop, state):
    with app.app_context():
        order = purchase_in(shop, state)
        with pytest.raises(BusinessRuleError, match=r"can no longer be changed"):
            records.update(PURCHASE, order, {"supplier_ref": "X-1"}, shop.buyer)


def test_open_orders_past_the_draft_still_take_header_changes(app, shop):
    with app.app_context():
        order = sales_order_in(shop, "shipped")
        assert records.update(SALES, order, {"priority": "express"}, shop.seller)
        purchase = purchase_in(shop, "confirmed")
        assert records.update(PURCHASE, purchase, {"supplier_ref": "X-1"}, shop.buyer)


def test_the_generic_edit_page_sends_a_cancelled_order_back_to_its_page(
    app, client, login, make_user, shop
):
    admin = make_user("admin@example.com", ["admin"])
    with app.app_context():
        order_id = sales_order_in(shop, "cancelled").id
    login(client, admin)
    url = f"/r/orders.sales_order/{order_id}/edit"
    for answer in (client.get(url), client.post(url, data={"priority": "express"})):
        assert answer.status_code == 302
        assert answer.headers["Location"].endswith(f"/r/orders.sales_order/{order_id}")
    with app.app_context():
        assert db.session.get(SalesOrder, order_id).priority == "normal"


@pytest.mark.parametrize(
    ("kind", "state", "form"),
    [
        ("sales", "cancelled", {"priority": "express", "channel": "web", "customer_ref": "X"}),
        ("sales", "delivered", {"priority": "express", "channel": "web", "customer_ref": "X"}),
        ("purchases", "received", {"supplier_ref": "X"}),
        ("purchases", "cancelled", {"supplier_ref": "X"}),
    ],
)
def test_the_order_forms_refuse_a_closed_order_with_the_reason(
    app, client, login, make_user, shop, kind, state, form
):
    admin = make_user("admin@example.com", ["admin"])
    with app.app_context():
        order = sales_order_in(shop, state) if kind == "sales" else purchase_in(shop, state)
        order_id, number = order.id, order.number
    login(client, admin)
    url = f"/orders/{kind}/{order_id}/edit"
    assert client.get(url).status_code == 302
    assert "can no longer be changed" in flashes(client)
    answer = client.post(url, data=form)
    assert answer.status_code == 302 and "/r/orders." in answer.headers["Location"]
    assert number in flashes(client)
    with app.app_context():
        model = SalesOrder if kind == "sales" else PurchaseOrder
        saved = db.session.get(model, order_id)
        assert (saved.customer_ref if kind == "sales" else saved.supplier_ref) != "X"


def test_the_api_answers_409_with_the_reason(app, client, login, shop):
    with app.app_context():
        order_id, number = (lambda o: (o.id, o.number))(sales_order_in(shop, "delivered"))
        purchase_id = purchase_in(shop, "cancelled").id
    login(client, shop.seller)
    answer = client.patch(f"/api/v1/orders.sales_order/{order_id}", json={"priority": "express"})
    assert answer.status_code == 409
    assert number in str(answer.json) and "can no longer be changed" in str(answer.json)
    login(client, shop.buyer)
    answer = client.patch(f"/api/v1/orders.purchase_order/{purchase_id}", json={"supplier": "Y"})
    assert answer.status_code == 409
