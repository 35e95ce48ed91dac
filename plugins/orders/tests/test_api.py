"""The orders as integrators see them through the generic JSON API (field names are a contract)."""

from __future__ import annotations

import pytest

from plugins.orders.tests.support import new_order


@pytest.fixture
def seller_client(client, login, shop):
    login(client, shop.seller)
    return client


def test_products_carry_the_promised_field_names(app, seller_client, shop):
    answer = seller_client.get("/api/v1/orders.product?sort=sku")
    assert answer.status_code == 200
    product = answer.json["items"][0]
    assert {"id", "sku", "name", "unit_price", "stock_on_hand", "badges"} <= set(product)
    assert (product["sku"], product["unit_price"]) == ("CF-TN-500", 215_000)


def test_an_order_is_created_with_its_lines_in_one_body(app, seller_client, shop):
    answer = seller_client.post(
        "/api/v1/orders.sales_order",
        json={
            "customer_id": shop.customer,
            "priority": "express",
            "channel": "phone",
            "lines": [
                {"product_id": shop.rice, "quantity": 2},
                {"product_id": shop.coffee, "quantity": 1, "unit_price": 225_000},
            ],
        },
    )
    assert answer.status_code == 201, answer.json
    order = answer.json
    assert order["number"].startswith("SO-")
    assert order["salesperson_id"] == shop.seller
    assert order["state"] == "draft"
    assert order["total"] == 595_000
    assert order["customer_tier"] == "gold"
    assert [(line["unit_price"], line["amount"]) for line in order["lines"]] == [
        (185_000, 370_000),
        (225_000, 225_000),
    ]


def test_read_only_fields_are_refused_with_422(app, seller_client, shop):
    answer = seller_client.post(
        "/api/v1/orders.sales_order",
        json={
            "customer_id": shop.customer,
            "number": "SO-2026-00042",
            "lines": [{"product_id": shop.rice, "quantity": 1}],
        },
    )
    assert answer.status_code == 422
    assert "number" in answer.json["fields"]


def test_a_short_confirmation_answers_409_naming_the_products(app, seller_client, shop):
    with app.app_context():
        order_id = new_order(shop, [{"product_id": shop.sauce, "quantity": 9}]).id
    answer = seller_client.post(
        f"/api/v1/orders.sales_order/{order_id}/transition", json={"to": "confirmed"}
    )
    assert answer.status_code == 409
    assert "Nước mắm Phú Quốc (need 9, available 4)" in answer.json["error"]


def test_salespeople_may_not_make_warehouse_steps(app, seller_client, shop):
    with app.app_context():
        order_id = new_order(shop).id
    confirm = seller_client.post(
        f"/api/v1/orders.sales_order/{order_id}/transition", json={"to": "confirmed"}
    )
    assert confirm.status_code == 200
    pick = seller_client.post(
        f"/api/v1/orders.sales_order/{order_id}/transition", json={"to": "picking"}
    )
    assert pick.status_code == 403


def test_absurd_quantities_are_refused_not_crashed_on(app, seller_client, shop):
    answer = seller_client.post(
        "/api/v1/orders.sales_order",
        json={
            "customer_id": shop.customer,
            "lines": [{"product_id": shop.rice, "quantity": 10**12}],
        },
    )
    assert answer.status_code == 422
