"""Stock on hand is the warehouse's: besides the order workflows it changes only through a stock
adjustment (``orders.stock``) that records its reason; sales cannot set it, and receiving a
purchase needs ``warehouse.operate``. Through the service, the generic pages and the API."""

from __future__ import annotations

import pytest

from core import records
from core.db import db
from core.errors import BusinessRuleError, ValidationError
from core.models import AuditEntry
from plugins.orders.tests.support import PURCHASE, purchase_in, stock

PRODUCT = "orders.product"
ADJUSTMENT = "orders.stock_adjustment"


def adjust(shop, change: int, reason: str = "stock count", actor: int | None = None):
    return records.create(
        ADJUSTMENT,
        {"product_id": shop.rice, "change": change, "reason": reason},
        actor_id=actor or shop.picker,
    )


def test_an_adjustment_changes_stock_and_keeps_its_reason_on_the_product(app, shop):
    with app.app_context():
        made = adjust(shop, -3, "3 bags torn in the store room")
        assert stock(shop.rice) == (47, 0)
        assert (made.on_hand_before, made.on_hand_after, made.adjusted_by_id) == (
            50,
            47,
            shop.picker,
        )
        entry = (
            db.session.execute(
                db.select(AuditEntry).where(
                    AuditEntry.entity == PRODUCT, AuditEntry.record_id == shop.rice
                )
            )
            .scalars()
            .all()[-1]
        )
        assert (entry.user_id, entry.message, entry.changes) == (
            shop.picker,
            "3 bags torn in the store room",
            {"stock_on_hand": [50, 47]},
        )


@pytest.mark.parametrize(
    ("change", "reason", "field"), [(5, "  ", "reason"), (0, "count", "change")]
)
def test_an_adjustment_needs_a_reason_and_a_change(app, shop, change, reason, field):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            adjust(shop, change, reason)
        assert field in refused.value.fields
        assert stock(shop.rice) == (50, 0)


def test_an_adjustment_is_never_edited(app, shop):
    with app.app_context():
        made = adjust(shop, 2)
        with pytest.raises(BusinessRuleError):
            records.update(ADJUSTMENT, made, {"change": 200}, actor_id=shop.picker)
        assert stock(shop.rice) == (52, 0)


def test_editing_a_product_does_not_change_its_stock(app, shop):
    with app.app_context():
        product = records.get_record(PRODUCT, shop.rice)
        with pytest.raises(ValidationError) as refused:
            records.update(PRODUCT, product, {"stock_on_hand": 500}, actor_id=shop.seller)
        assert "stock adjustment" in refused.value.fields["stock_on_hand"]
        assert stock(shop.rice) == (50, 0)


def test_sales_create_products_without_opening_stock(app, shop):
    with app.app_context():
        values = {"sku": "TRA-01", "name": "Trà", "unit_price": 50_000, "stock_on_hand": 40}
        with pytest.raises(ValidationError) as refused:
            records.create(PRODUCT, values, actor_id=shop.seller)
        assert "stock_on_hand" in refused.value.fields
        made = records.create(PRODUCT, {**values, "stock_on_hand": 0}, actor_id=shop.seller)
        assert made.stock_on_hand == 0


# -- the JSON API -----------------------------------------------------------------------------
def test_api_sales_cannot_change_stock(app, client, login, shop):
    login(client, shop.seller)
    patched = client.patch(f"/api/v1/{PRODUCT}/{shop.rice}", json={"stock_on_hand": 500})
    assert patched.status_code == 422
    assert "stock_on_hand" in patched.json["fields"]
    body = {"product_id": shop.rice, "change": 450, "reason": "found more"}
    assert client.post(f"/api/v1/{ADJUSTMENT}", json=body).status_code == 403
    with app.app_context():
        assert stock(shop.rice) == (50, 0)


def test_api_the_warehouse_adjusts_with_a_reason(app, client, login, shop):
    login(client, shop.picker)
    refused = client.post(f"/api/v1/{ADJUSTMENT}", json={"product_id": shop.rice, "change": 5})
    assert refused.status_code == 422
    assert "reason" in refused.json["fields"]
    made = client.post(
        f"/api/v1/{ADJUSTMENT}",
        json={"product_id": shop.rice, "change": 5, "reason": "count of 2026-11-30"},
    )
    assert made.status_code == 201, made.json
    assert (made.json["on_hand_before"], made.json["on_hand_after"]) == (50, 55)
    assert client.patch(made.headers["Location"], json={"change": 6}).status_code == 409
    with app.app_context():
        assert stock(shop.rice) == (55, 0)


def test_api_receiving_a_purchase_needs_the_warehouse(app, client, login, shop):
    with app.app_context():
        order_id = purchase_in(shop, "confirmed").id
    url = f"/api/v1/{PURCHASE}/{order_id}/transition"
    login(client, shop.buyer)
    assert client.post(url, json={"to": "received"}).status_code == 403
    login(client, shop.picker)
    assert client.post(url, json={"to": "received"}).status_code == 200
    with app.app_context():
        assert stock(shop.rice) == (150, 0)


# -- the pages --------------------------------------------------------------------------------
def test_pages_the_warehouse_records_an_adjustment(app, client, login, shop):
    login(client, shop.picker)
    form = client.get(f"/r/{ADJUSTMENT}/new?product_id={shop.rice}")
    assert form.status_code == 200
    posted = client.post(
        f"/r/{ADJUSTMENT}/new",
        data={"product_id": str(shop.rice), "change": "-2", "reason": "broken"},
    )
    assert posted.status_code == 302
    with app.app_context():
        assert stock(shop.rice) == (48, 0)


def test_pages_the_product_page_lists_adjustments_and_offers_one_to_the_warehouse(
    app, client, login, shop
):
    with app.app_context():
        adjust(shop, -1, "one bag torn")
    login(client, shop.picker)
    html = client.get(f"/r/{PRODUCT}/{shop.rice}").get_data(as_text=True)
    assert "one bag torn" in html
    assert f"/r/{ADJUSTMENT}/new?product_id={shop.rice}" in html
    login(client, shop.seller)
    html = client.get(f"/r/{PRODUCT}/{shop.rice}").get_data(as_text=True)
    assert "one bag torn" in html
    assert f"/r/{ADJUSTMENT}/new" not in html


def test_pages_sales_cannot_adjust_or_edit_stock(app, client, login, shop):
    login(client, shop.seller)
    assert client.get(f"/r/{ADJUSTMENT}/new").status_code == 403
    page = client.post(
        f"/r/{PRODUCT}/{shop.rice}/edit",
        data={
            "sku": "GAO-ST25-5",
            "name": "Gạo ST25 5kg",
            "unit_price": "185000",
            "stock_on_hand": "500",
        },
    )
    assert page.status_code == 422
    assert "stock adjustment" in page.get_data(as_text=True)
    with app.app_context():
        assert stock(shop.rice) == (50, 0)


def test_pages_receiving_a_purchase_needs_the_warehouse(app, client, login, shop):
    with app.app_context():
        order_id = purchase_in(shop, "confirmed").id
    url = f"/r/{PURCHASE}/{order_id}/transition"
    login(client, shop.buyer)
    assert client.post(url, data={"to": "received"}).status_code == 403
    login(client, shop.picker)
    assert client.post(url, data={"to": "received"}).status_code == 302
    with app.app_context():
        assert stock(shop.rice) == (150, 0)
