"""The sales and purchase order forms: lines in rows, errors on the right row, drafts only."""

from __future__ import annotations

import re

from core import records
from core.db import db
from plugins.orders.models import SalesOrder
from plugins.orders.tests.support import PURCHASE, SALES, new_order, sales_order_in


def form_data(**values) -> dict:
    data = {"priority": "normal", "channel": "web", "customer_ref": ""}
    data.update(values)
    return data


def test_the_new_order_form_offers_blank_rows_and_the_script(app, client, login, shop):
    login(client, shop.seller)
    page = client.get("/orders/sales/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for index in range(5):
        assert f'name="lines-{index}-product_id"' in html
    assert "Gạo ST25 5kg (GAO-ST25-5)" in html
    assert 'data-price="185000"' in html
    assert "/orders/static/orders/order_lines.js" in html
    assert client.get("/orders/static/orders/order_lines.js").status_code == 200


def test_the_form_creates_an_order_with_its_lines(app, client, login, shop):
    login(client, shop.seller)
    answer = client.post(
        "/orders/sales/new",
        data=form_data(
            customer_id=str(shop.customer),
            priority="express",
            channel="phone",
            **{
                "lines-0-product_id": str(shop.rice),
                "lines-0-quantity": "3",
                "lines-0-unit_price": "",
                "lines-1-product_id": "",
                "lines-1-quantity": "",
                "lines-4-product_id": str(shop.coffee),
                "lines-4-quantity": "1",
                "lines-4-unit_price": "220000",
            },
        ),
    )
    assert answer.status_code == 302
    with app.app_context():
        order = db.session.execute(db.select(SalesOrder)).scalar_one()
        assert answer.headers["Location"].endswith(f"/r/orders.sales_order/{order.id}")
        assert (order.priority, order.channel, order.salesperson_id) == (
            "express",
            "phone",
            shop.seller,
        )
        assert [(line.product_id, line.quantity, line.unit_price) for line in order.lines] == [
            (shop.rice, 3, 185_000),
            (shop.coffee, 1, 220_000),
        ]
        assert order.total == 775_000


def test_errors_come_back_on_the_row_that_caused_them(app, client, login, shop):
    login(client, shop.seller)
    answer = client.post(
        "/orders/sales/new",
        data=form_data(
            customer_id=str(shop.customer),
            **{
                "lines-0-product_id": "",
                "lines-1-product_id": str(shop.rice),
                "lines-1-quantity": "0",
            },
        ),
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert 'name="lines-1-quantity"' in html and "is-invalid" in html
    assert "must be at least 1" in html
    with app.app_context():
        assert db.session.execute(db.select(SalesOrder)).first() is None


def test_an_order_without_lines_is_refused(app, client, login, shop):
    login(client, shop.seller)
    answer = client.post("/orders/sales/new", data=form_data(customer_id=str(shop.customer)))
    assert answer.status_code == 200
    assert "at least one row is required" in answer.get_data(as_text=True)


def test_a_draft_is_edited_with_its_lines(app, client, login, shop):
    with app.app_context():
        order_id = new_order(shop).id
    login(client, shop.seller)
    page = client.get(f"/orders/sales/{order_id}/edit").get_data(as_text=True)
    first_row = re.search(r'name="lines-0-product_id".*?</select>', page, re.S).group(0)
    assert re.search(rf'<option[^>]*selected[^>]*value="{shop.rice}"', first_row)
    assert 'value="2"' in re.search(r'name="lines-0-quantity"[^>]*>', page).group(0)
    answer = client.post(
        f"/orders/sales/{order_id}/edit",
        data=form_data(
            customer_id=str(shop.customer),
            **{"lines-0-product_id": str(shop.coffee), "lines-0-quantity": "4"},
        ),
    )
    assert answer.status_code == 302
    with app.app_context():
        order = records.get_record(SALES, order_id)
        assert [(line.product_id, line.quantity) for line in order.lines] == [(shop.coffee, 4)]


def test_a_confirmed_order_edits_only_its_header(app, client, login, shop):
    with app.app_context():
        order_id = sales_order_in(shop, "confirmed").id
    login(client, shop.seller)
    page = client.get(f"/orders/sales/{order_id}/edit").get_data(as_text=True)
    assert 'name="lines-0-product_id"' not in page
    assert "Lines can be changed only while the order is a draft." in page
    answer = client.post(f"/orders/sales/{order_id}/edit", data=form_data(priority="express"))
    assert answer.status_code == 302
    with app.app_context():
        order = records.get_record(SALES, order_id)
        assert order.priority == "express"
        assert len(order.lines) == 1


def test_the_forms_need_their_write_permissions(app, client, login, shop):
    login(client, shop.picker)
    assert client.get("/orders/sales/new").status_code == 403
    assert client.get("/orders/purchases/new").status_code == 403
    login(client, shop.seller)
    assert client.get("/orders/purchases/new").status_code == 403


def test_the_purchase_form_creates_an_order_with_its_lines(app, client, login, shop):
    login(client, shop.buyer)
    answer = client.post(
        "/orders/purchases/new",
        data={
            "supplier": "Công ty CP Tập đoàn Trung Nguyên",
            "supplier_ref": "BG-118",
            "lines-0-product_id": str(shop.coffee),
            "lines-0-quantity": "50",
            "lines-0-unit_cost": "150000",
        },
    )
    assert answer.status_code == 302
    with app.app_context():
        order = db.session.execute(db.select(records.entity_type(PURCHASE).model)).scalar_one()
        assert order.number.startswith("PO-")
        assert order.total == 7_500_000
        assert order.buyer_id == shop.buyer


def test_the_order_pages_point_at_the_custom_forms(app, shop):
    with app.test_request_context():
        from core.ui.links import create_url, edit_url

        entity = records.entity_type(SALES)
        assert create_url(entity) == "/orders/sales/new"
        assert edit_url(entity, 7) == "/orders/sales/7/edit"
