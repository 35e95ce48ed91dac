"""A line priced below its product's price is a discount, which needs ``orders.discount`` (the
sales manager): refused on the line for anyone else, through the service, the order form and
the API; a discounted line the order already had is kept as it is."""

from __future__ import annotations

import pytest

from core import records
from core.db import db
from core.errors import ValidationError
from plugins.orders.models import SalesOrder
from plugins.orders.tests.support import SALES, new_order

DISCOUNTED = 170_000  # rice sells at 185 000


def test_a_salesperson_cannot_sell_below_the_price(app, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_order(shop, [{"product_id": shop.rice, "quantity": 1, "unit_price": DISCOUNTED}])
        assert list(refused.value.fields) == ["lines[0].unit_price"]
        assert "orders.discount" in refused.value.fields["lines[0].unit_price"]
        assert db.session.execute(db.select(SalesOrder)).first() is None


def test_a_sales_manager_may(app, shop, sales_manager):
    with app.app_context():
        order = records.create(
            SALES,
            {
                "customer_id": shop.customer,
                "salesperson_id": shop.seller,
                "lines": [{"product_id": shop.rice, "quantity": 1, "unit_price": DISCOUNTED}],
            },
            actor_id=sales_manager,
        )
        assert (order.salesperson_id, order.lines[0].unit_price) == (shop.seller, DISCOUNTED)


def test_the_price_itself_or_more_needs_nothing(app, shop):
    with app.app_context():
        order = new_order(
            shop,
            [
                {"product_id": shop.rice, "quantity": 1, "unit_price": 185_000},
                {"product_id": shop.coffee, "quantity": 1, "unit_price": 250_000},
            ],
        )
        assert [line.unit_price for line in order.lines] == [185_000, 250_000]


def test_a_new_discount_on_edit_is_refused(app, shop):
    with app.app_context():
        order = new_order(shop)
        with pytest.raises(ValidationError) as refused:
            records.update(
                SALES,
                order,
                {"lines": [{"product_id": shop.rice, "quantity": 2, "unit_price": DISCOUNTED}]},
                actor_id=shop.seller,
            )
        assert "lines[0].unit_price" in refused.value.fields


def test_a_discount_the_manager_agreed_stays_when_the_salesperson_edits_the_lines(
    app, shop, sales_manager
):
    with app.app_context():
        order = records.create(
            SALES,
            {
                "customer_id": shop.customer,
                "salesperson_id": shop.seller,
                "lines": [{"product_id": shop.rice, "quantity": 1, "unit_price": DISCOUNTED}],
            },
            actor_id=sales_manager,
        )
        lines = [
            {"product_id": shop.rice, "quantity": 3, "unit_price": DISCOUNTED},
            {"product_id": shop.coffee, "quantity": 1},
        ]
        records.update(SALES, order, {"lines": lines}, actor_id=shop.seller)
        assert [(line.quantity, line.unit_price) for line in order.lines] == [
            (3, DISCOUNTED),
            (1, 215_000),
        ]


def test_api_a_discount_is_refused_on_its_line(app, client, login, shop, sales_manager):
    body = {
        "customer_id": shop.customer,
        "lines": [
            {"product_id": shop.coffee, "quantity": 1},
            {"product_id": shop.rice, "quantity": 1, "unit_price": DISCOUNTED},
        ],
    }
    login(client, shop.seller)
    refused = client.post(f"/api/v1/{SALES}", json=body)
    assert refused.status_code == 422
    assert list(refused.json["fields"]) == ["lines[1].unit_price"]
    login(client, sales_manager)
    assert client.post(f"/api/v1/{SALES}", json=body).status_code == 201


def test_the_order_form_puts_the_refusal_on_the_row(app, client, login, shop, sales_manager):
    data = {
        "customer_id": str(shop.customer),
        "priority": "normal",
        "channel": "web",
        "customer_ref": "",
        "lines-0-product_id": str(shop.rice),
        "lines-0-quantity": "1",
        "lines-0-unit_price": str(DISCOUNTED),
    }
    login(client, shop.seller)
    page = client.post("/orders/sales/new", data=data)
    assert page.status_code == 200
    assert "orders.discount" in page.get_data(as_text=True)
    login(client, sales_manager)
    assert client.post("/orders/sales/new", data=data).status_code == 302
    with app.app_context():
        order = db.session.execute(db.select(SalesOrder)).scalar_one()
        assert order.lines[0].unit_price == DISCOUNTED
