"""A sales order belongs to its salesperson: other salespeople read it but change only their own;
a sales manager changes any. Through the service functions, the order forms, the generic pages
and the JSON API alike."""

from __future__ import annotations

import pytest

from core import records
from core.db import db
from core.errors import PermissionDenied
from plugins.orders.models import SalesOrder
from plugins.orders.tests.support import SALES, new_order, sales_order_in


@pytest.fixture
def lans_order(app, shop) -> int:
    """A draft of Lan's (the shop's salesperson)."""
    with app.app_context():
        order_id = new_order(shop).id
        db.session.remove()
    return order_id


def fresh(app, order_id: int) -> SalesOrder:
    db.session.expire_all()
    return db.session.get(SalesOrder, order_id)


# -- the service layer ----------------------------------------------------------------------
def test_another_salesperson_cannot_edit_an_order(app, shop, colleague, lans_order):
    with app.app_context():
        order = records.get_record(SALES, lans_order)
        with pytest.raises(PermissionDenied, match="belongs to Lan"):
            records.update(SALES, order, {"priority": "express"}, actor_id=colleague)
        assert fresh(app, lans_order).priority == "normal"


def test_another_salesperson_cannot_change_the_lines(app, shop, colleague, lans_order):
    with app.app_context():
        order = records.get_record(SALES, lans_order)
        lines = [{"product_id": shop.coffee, "quantity": 9}]
        with pytest.raises(PermissionDenied):
            records.update(SALES, order, {"lines": lines}, actor_id=colleague)
        assert [line.product_id for line in fresh(app, lans_order).lines] == [shop.rice]


@pytest.mark.parametrize("target", ["confirmed", "cancelled"])
def test_another_salesperson_cannot_confirm_or_cancel(app, shop, colleague, lans_order, target):
    with app.app_context():
        order = records.get_record(SALES, lans_order)
        with pytest.raises(PermissionDenied):
            records.transition(SALES, order, target, actor_id=colleague)
        assert fresh(app, lans_order).state == "draft"


def test_nobody_takes_over_someone_elses_order(app, shop, colleague, lans_order):
    with app.app_context():
        order = records.get_record(SALES, lans_order)
        with pytest.raises(PermissionDenied):
            records.update(SALES, order, {"salesperson_id": colleague}, actor_id=colleague)
        assert fresh(app, lans_order).salesperson_id == shop.seller


def test_the_salesperson_hands_their_order_to_a_colleague(app, shop, colleague, lans_order):
    with app.app_context():
        order = records.get_record(SALES, lans_order)
        records.update(SALES, order, {"salesperson_id": colleague}, actor_id=shop.seller)
        assert fresh(app, lans_order).salesperson_id == colleague
        with pytest.raises(PermissionDenied):  # and it is no longer theirs
            records.update(SALES, fresh(app, lans_order), {"priority": "express"}, shop.seller)


def test_a_sales_manager_changes_and_moves_anyones_order(app, shop, sales_manager, lans_order):
    with app.app_context():
        order = records.get_record(SALES, lans_order)
        records.update(SALES, order, {"priority": "express"}, actor_id=sales_manager)
        records.transition(SALES, fresh(app, lans_order), "confirmed", actor_id=sales_manager)
        assert (fresh(app, lans_order).priority, fresh(app, lans_order).state) == (
            "express",
            "confirmed",
        )


def test_the_warehouse_moves_anyones_order(app, shop, lans_order):
    with app.app_context():
        records.transition(SALES, records.get_record(SALES, lans_order), "confirmed", shop.seller)
        records.transition(SALES, fresh(app, lans_order), "picking", actor_id=shop.picker)
        assert fresh(app, lans_order).state == "picking"


def test_a_colleague_changing_a_customer_still_updates_the_tier_of_its_orders(
    app, shop, colleague, lans_order
):
    with app.app_context():
        customer = records.get_record("crm.customer", shop.customer)
        records.update("crm.customer", customer, {"tier": "vip"}, actor_id=colleague)
        assert fresh(app, lans_order).customer_tier == "vip"


# -- the JSON API -----------------------------------------------------------------------------
def test_api_another_salesperson_reads_but_cannot_change(app, client, login, colleague, lans_order):
    login(client, colleague)
    url = f"/api/v1/{SALES}/{lans_order}"
    assert client.get(url).status_code == 200
    patched = client.patch(url, json={"priority": "express"})
    assert patched.status_code == 403
    assert "belongs to Lan" in patched.json["error"]
    assert client.post(f"{url}/transition", json={"to": "confirmed"}).status_code == 403
    assert client.post(f"{url}/transition", json={"to": "cancelled"}).status_code == 403
    with app.app_context():
        assert (fresh(app, lans_order).priority, fresh(app, lans_order).state) == (
            "normal",
            "draft",
        )


def test_api_a_sales_manager_changes_anyones_order(app, client, login, sales_manager, lans_order):
    login(client, sales_manager)
    url = f"/api/v1/{SALES}/{lans_order}"
    assert client.patch(url, json={"priority": "express"}).status_code == 200
    assert client.post(f"{url}/transition", json={"to": "confirmed"}).status_code == 200


def test_api_the_salesperson_changes_their_own(app, client, login, shop, lans_order):
    login(client, shop.seller)
    url = f"/api/v1/{SALES}/{lans_order}"
    assert client.patch(url, json={"priority": "express"}).status_code == 200
    assert client.post(f"{url}/transition", json={"to": "confirmed"}).status_code == 200


# -- the pages --------------------------------------------------------------------------------
def test_pages_another_salesperson_reads_but_cannot_edit_or_move(
    app, client, login, colleague, lans_order
):
    login(client, colleague)
    page = client.get(f"/r/{SALES}/{lans_order}")
    assert page.status_code == 200
    assert "belongs to Lan" in page.get_data(as_text=True)  # says why before any refusal
    assert client.get(f"/orders/sales/{lans_order}/edit").status_code == 403
    posted = client.post(
        f"/orders/sales/{lans_order}/edit",
        data={"customer_id": "1", "priority": "express", "channel": "web"},
    )
    assert posted.status_code == 403
    moved = client.post(f"/r/{SALES}/{lans_order}/transition", data={"to": "confirmed"})
    assert moved.status_code == 403
    with app.app_context():
        assert (fresh(app, lans_order).priority, fresh(app, lans_order).state) == (
            "normal",
            "draft",
        )


def _buttons(page: str) -> set[str]:
    """Which of Edit, Confirm and Cancel an order's page offers."""
    shown = {"edit"} if 'id="record-edit"' in page else set()
    return shown | {t for t in ("confirmed", "cancelled") if f'data-transition="{t}"' in page}


def test_pages_a_salesperson_sees_no_edit_or_confirm_on_a_colleagues_order(
    app, client, login, colleague, lans_order
):
    login(client, colleague)
    page = client.get(f"/r/{SALES}/{lans_order}").get_data(as_text=True)
    assert _buttons(page) == set()
    assert 'id="note-form"' in page  # a note is not a change of the order


def test_pages_a_salesperson_sees_edit_and_confirm_on_their_own_order(
    app, client, login, shop, lans_order
):
    login(client, shop.seller)
    page = client.get(f"/r/{SALES}/{lans_order}").get_data(as_text=True)
    assert _buttons(page) == {"edit", "confirmed", "cancelled"}
    assert "data-owner-refusal" not in page


def test_pages_a_sales_manager_sees_edit_and_confirm_on_every_order(
    app, client, login, shop, colleague, sales_manager, lans_order
):
    with app.app_context():
        minhs = records.create(
            SALES,
            {"customer_id": shop.customer, "lines": [{"product_id": shop.rice, "quantity": 1}]},
            actor_id=colleague,
        ).id
    login(client, sales_manager)
    for order_id in (lans_order, minhs):
        page = client.get(f"/r/{SALES}/{order_id}").get_data(as_text=True)
        assert _buttons(page) == {"edit", "confirmed", "cancelled"}, order_id


def test_pages_the_warehouse_sees_its_step_on_anyones_order(app, client, login, shop):
    with app.app_context():
        order_id = sales_order_in(shop, "confirmed").id
    login(client, shop.picker)
    page = client.get(f"/r/{SALES}/{order_id}").get_data(as_text=True)
    assert 'data-transition="picking"' in page
    assert _buttons(page) == set()


def test_pages_a_sales_manager_edits_and_moves_anyones_order(
    app, client, login, shop, sales_manager, lans_order
):
    login(client, sales_manager)
    assert client.get(f"/orders/sales/{lans_order}/edit").status_code == 200
    moved = client.post(f"/r/{SALES}/{lans_order}/transition", data={"to": "confirmed"})
    assert moved.status_code == 302
    with app.app_context():
        assert fresh(app, lans_order).state == "confirmed"


def test_pages_the_warehouse_still_works_every_order(app, client, login, shop):
    with app.app_context():
        order_id = sales_order_in(shop, "confirmed").id
    login(client, shop.picker)
    step = client.post(f"/orders/warehouse/{order_id}/step", data={"to": "picking"})
    assert step.status_code == 302
    with app.app_context():
        assert fresh(app, order_id).state == "picking"
