"""An order's salesperson takes sales orders and a purchase's buyer handles purchases; naming
anyone else is refused in the very words used for an account that does not exist ("no
core.user with id N"), so that the answer never tells a caller (who may not read users) which
ids exist."""

from __future__ import annotations

import json

import pytest

from core import records
from core.db import db
from core.errors import ValidationError
from plugins.orders.tests.support import PURCHASE, SALES, new_order, new_purchase

MISSING = 987_654


def masked(body: dict, user_id: int) -> str:
    """The answer with the id it names masked, to compare two answers."""
    return json.dumps(body, sort_keys=True).replace(str(user_id), "ID")


def test_a_salesperson_outside_sales_is_refused(app, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_order(shop, salesperson_id=shop.picker)
        assert refused.value.fields == {"salesperson_id": f"no core.user with id {shop.picker}"}


def test_an_inactive_salesperson_is_refused(app, shop, colleague):
    from core.models import User

    with app.app_context():
        db.session.get(User, colleague).active = False
        db.session.commit()
        with pytest.raises(ValidationError) as refused:
            new_order(shop, salesperson_id=colleague)
        assert "salesperson_id" in refused.value.fields


def test_a_colleague_in_sales_may_be_named(app, shop, colleague):
    with app.app_context():
        assert new_order(shop, salesperson_id=colleague).salesperson_id == colleague


@pytest.mark.parametrize("who", ["missing", "outside"])
def test_api_a_salesperson_outside_sales_answers_as_a_missing_id(app, client, login, shop, who):
    login(client, shop.seller)
    user_id = MISSING if who == "missing" else shop.picker
    answer = client.post(
        f"/api/v1/{SALES}",
        json={
            "customer_id": shop.customer,
            "salesperson_id": user_id,
            "lines": [{"product_id": shop.rice, "quantity": 1}],
        },
    )
    assert answer.status_code == 422
    assert answer.json == {
        "error": "invalid fields",
        "fields": {"salesperson_id": f"no core.user with id {user_id}"},
    }


def test_api_missing_and_outside_ids_answer_alike_on_edit(app, client, login, shop):
    with app.app_context():
        order_id = new_order(shop).id
    login(client, shop.seller)
    url = f"/api/v1/{SALES}/{order_id}"
    missing = client.patch(url, json={"salesperson_id": MISSING})
    outside = client.patch(url, json={"salesperson_id": shop.picker})
    assert missing.status_code == outside.status_code == 422
    assert masked(missing.json, MISSING) == masked(outside.json, shop.picker)


def test_a_buyer_outside_purchasing_answers_as_a_missing_id(app, client, login, shop):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_purchase(shop, buyer_id=shop.seller)
        assert refused.value.fields == {"buyer_id": f"no core.user with id {shop.seller}"}
        order_id = new_purchase(shop).id
    login(client, shop.buyer)
    url = f"/api/v1/{PURCHASE}/{order_id}"
    missing = client.patch(url, json={"buyer_id": MISSING})
    outside = client.patch(url, json={"buyer_id": shop.seller})
    assert missing.status_code == outside.status_code == 422
    assert masked(missing.json, MISSING) == masked(outside.json, shop.seller)


def test_an_order_keeps_a_salesperson_who_left_sales_until_it_is_reassigned(app, shop, colleague):
    from core.models import User

    with app.app_context():
        order = new_order(shop, salesperson_id=colleague)
        db.session.get(User, colleague).set_roles(["employee"])
        db.session.commit()
        records.update(SALES, order, {"priority": "express"}, actor_id=None)
        assert order.priority == "express"
