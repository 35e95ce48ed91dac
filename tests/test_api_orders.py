"""The generic API with the real CRM and orders plugins: a sales order from start to shipping,
every record made through the API with personal tokens."""

from __future__ import annotations

from core.db import db
from core.models import ApiToken, User


def bearer(app, user_id: int) -> dict[str, str]:
    with app.app_context():
        row, token = ApiToken.issue(db.session.get(User, user_id), "test")
        db.session.add(row)
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_a_sales_order_with_lines_made_and_moved_through_the_api(app, client, make_user):
    seller_id = make_user("ban.hang@example.vn", roles=["employee", "sales"])
    seller = bearer(app, seller_id)
    admin = bearer(app, make_user("quan.tri@example.vn", roles=["admin"]))
    warehouse = bearer(app, make_user("kho@example.vn", roles=["employee", "warehouse"]))

    customer = client.post(
        "/api/v1/crm.customer",
        headers=seller,
        json={"name": "Công ty TNHH Minh Phát", "tier": "gold", "phone": "0901 234 567"},
    )
    assert customer.status_code == 201, customer.json
    product = client.post(
        "/api/v1/orders.product",
        headers=admin,
        json={
            "sku": "GAO-ST25",
            "name": "Gạo ST25 5kg",
            "unit_price": 185_000,
            "stock_on_hand": 10,
        },
    )
    assert product.status_code == 201, product.json

    order = client.post(
        "/api/v1/orders.sales_order",
        headers=seller,
        json={
            "customer_id": customer.json["id"],
            "priority": "express",
            "channel": "phone",
            "lines": [
                {"product_id": product.json["id"], "quantity": 2},
                {"product_id": product.json["id"], "quantity": 1, "unit_price": 190_000},
            ],
        },
    )
    assert order.status_code == 201, order.json
    body = order.json
    assert order.headers["Location"] == f"/api/v1/orders.sales_order/{body['id']}"
    assert body["number"].startswith("SO-") and body["state"] == "draft"
    assert body["salesperson_id"] == seller_id
    assert [(line["unit_price"], line["quantity"]) for line in body["lines"]] == [
        (185_000, 2),
        (190_000, 1),
    ]
    assert body["total"] == 560_000
    assert isinstance(body["badges"], list)

    url = f"/api/v1/orders.sales_order/{body['id']}/transition"
    picked_too_early = client.post(url, headers=warehouse, json={"to": "picking"})
    assert picked_too_early.status_code == 409
    assert picked_too_early.json["allowed"] == ["confirmed", "cancelled"]
    assert client.post(url, headers=warehouse, json={"to": "confirmed"}).status_code == 403
    confirmed = client.post(url, headers=seller, json={"to": "confirmed", "note": "khách gọi"})
    assert confirmed.status_code == 200, confirmed.json
    assert client.post(url, headers=seller, json={"to": "picking"}).status_code == 403
    assert client.post(url, headers=warehouse, json={"to": "picking"}).status_code == 200

    stock = client.get(f"/api/v1/orders.product/{product.json['id']}", headers=admin).json
    assert (stock["stock_on_hand"], stock["stock_reserved"]) == (10, 3)
    listed = client.get("/api/v1/orders.sales_order?state=picking", headers=seller).json
    assert [item["id"] for item in listed["items"]] == [body["id"]]


def test_an_order_without_lines_or_customer_is_422_naming_both(app, client, make_user):
    seller = bearer(app, make_user("ban.hang@example.vn", roles=["employee", "sales"]))
    answer = client.post("/api/v1/orders.sales_order", headers=seller, json={"priority": "normal"})
    assert answer.status_code == 422
    assert set(answer.json["fields"]) == {"customer_id", "lines"}
