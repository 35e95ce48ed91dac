"""Rules a role could get around, probed as that role would, with the bundled plugins.

1. A record outside the viewer's row-level scope (``EntityType.visible``) answers exactly as a
   missing one, for every such type and on every route that takes a record id, pages and API.
2. Who may change what (docs/user-guide.md, "Who may change what"): each rule, tried by the
   role that might slip past it, through the JSON API.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from core import records
from core.db import db
from core.testing import login_as
from plugins.sla.models import Incident

MISSING = 987_654
#: a signed CSRF token, different on every page
CSRF_TOKEN = re.compile(r"[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}")


# -- 1. out of scope answers as missing ---------------------------------------------------------
def _leave_of_someone_else(app, make_user) -> tuple[int, int]:
    """A leave request of another employee; the viewer is an employee with their own record."""
    viewer = make_user("an@example.com", ["employee"], name="An")
    records.create("hr.employee", {"name": "An", "user_id": viewer})
    other = records.create("hr.employee", {"name": "Bình"})
    leave = records.create(
        "hr.leave_request",
        {"employee_id": other.id, "first_day": date(2026, 12, 7), "last_day": date(2026, 12, 7)},
    )
    return viewer, leave.id


def _incident_of_someone_else(app, make_user) -> tuple[int, int]:
    """Another person's SLA incident; the viewer sees only their own."""
    viewer = make_user("an@example.com", ["employee"], name="An")
    other = make_user("binh@example.com", ["employee"], name="Bình")
    incident = Incident(
        user_id=other, entity="hr.employee", record_id=1, target="Reply", cycle=1, level=100.0
    )
    db.session.add(incident)
    db.session.flush()
    return viewer, incident.id


#: how to make a record the viewer may not see, for every entity type with a ``visible`` scope
OUT_OF_SCOPE: dict[str, Callable] = {
    "hr.leave_request": _leave_of_someone_else,
    "sla.incident": _incident_of_someone_else,
}


def test_every_scoped_type_is_probed(app):
    with app.app_context():
        scoped = {e.key for e in app.extensions["nhip"].entities if e.visible is not None}
    assert scoped == set(OUT_OF_SCOPE)


def _answers(client, key: str, record_id: int) -> list[tuple[str, int, str]]:
    """What each record route answers about ``record_id``, the id masked out."""
    calls = [
        ("GET", f"/api/v1/{key}/{record_id}", None),
        ("PATCH", f"/api/v1/{key}/{record_id}", {"reason": "x"}),
        ("POST", f"/api/v1/{key}/{record_id}/transition", {"to": "cancelled"}),
        ("GET", f"/r/{key}/{record_id}", None),
        ("GET", f"/r/{key}/{record_id}/edit", None),
        ("POST", f"/r/{key}/{record_id}/transition", {"to": "cancelled"}),
        ("POST", f"/r/{key}/{record_id}/note", {"note": "hello"}),
    ]
    out = []
    for method, url, body in calls:
        if url.startswith("/api/"):
            answer = client.open(url, method=method, json=body)
        else:
            answer = client.open(url, method=method, data=body)
        text = re.sub(rf"(?<=[ /#]){record_id}\b", "ID", answer.get_data(as_text=True))
        text = CSRF_TOKEN.sub("TOKEN", text)
        out.append((f"{method} {url.replace(str(record_id), 'ID')}", answer.status_code, text))
    return out


@pytest.mark.parametrize("key", sorted(OUT_OF_SCOPE))
def test_a_record_outside_ones_scope_answers_as_a_missing_one(app, client, make_user, key):
    with app.app_context():
        viewer, hidden = OUT_OF_SCOPE[key](app, make_user)
        db.session.commit()
    login_as(client, viewer)
    seen_hidden, seen_missing = _answers(client, key, hidden), _answers(client, key, MISSING)
    for (call, status, text), (_call, missing_status, missing_text) in zip(
        seen_hidden, seen_missing, strict=True
    ):
        assert status == missing_status, call
        assert status in (403, 404, 405), call  # 403: a permission missing, whatever the id
        assert text == missing_text, call


# -- 2. who may change what -------------------------------------------------------------------
@pytest.fixture
def shop(app, make_user) -> dict:
    """A customer, a product (185 000 ₫, 50 on hand) and one person per role."""
    people = {
        "lan": make_user("lan@example.com", ["employee", "sales"], name="Lan"),
        "minh": make_user("minh@example.com", ["employee", "sales"], name="Minh"),
        "head": make_user("tuan@example.com", ["employee", "sales_manager"], name="Tuấn"),
        "picker": make_user("hung@example.com", ["employee", "warehouse"], name="Hùng"),
        "buyer": make_user("tung@example.com", ["employee", "purchaser"], name="Tùng"),
    }
    with app.app_context():
        customer = records.create("crm.customer", {"name": "Minh Phát"}, people["lan"])
        product = records.create(
            "orders.product",
            {"sku": "GAO", "name": "Gạo", "unit_price": 185_000},
        )
        product.stock_on_hand = 50
        order = records.create(
            "orders.sales_order",
            {"customer_id": customer.id, "lines": [{"product_id": product.id, "quantity": 1}]},
            people["lan"],
        )
        purchase = records.create(
            "orders.purchase_order",
            {
                "supplier": "Sóc Trăng",
                "lines": [{"product_id": product.id, "quantity": 10, "unit_cost": 100_000}],
            },
            people["buyer"],
        )
        for step in ("sent", "confirmed"):
            records.transition("orders.purchase_order", purchase, step, people["buyer"])
        db.session.commit()
        return {
            **people,
            "customer": customer.id,
            "product": product.id,
            "order": order.id,
            "purchase": purchase.id,
        }


def _call(client, who: int, method: str, url: str, body: dict):
    login_as(client, who)
    return client.open(f"/api/v1/{url}", method=method, json=body).status_code


RULES = [
    # (who, method, url, body, expected), the url and body filled in from the shop
    ("minh", "PATCH", "orders.sales_order/{order}", {"priority": "express"}, 403),
    ("minh", "POST", "orders.sales_order/{order}/transition", {"to": "confirmed"}, 403),
    ("minh", "PATCH", "orders.sales_order/{order}", {"salesperson_id": "{minh}"}, 403),
    ("head", "PATCH", "orders.sales_order/{order}", {"priority": "express"}, 200),
    ("lan", "PATCH", "orders.sales_order/{order}", {"salesperson_id": "{picker}"}, 422),
    ("lan", "PATCH", "orders.sales_order/{order}", {"salesperson_id": "{minh}"}, 200),
    (
        "lan",
        "POST",
        "orders.sales_order",
        {
            "customer_id": "{customer}",
            "lines": [{"product_id": "{product}", "quantity": 1, "unit_price": 150_000}],
        },
        422,
    ),
    (
        "head",
        "POST",
        "orders.sales_order",
        {
            "customer_id": "{customer}",
            "lines": [{"product_id": "{product}", "quantity": 1, "unit_price": 150_000}],
        },
        201,
    ),
    ("lan", "PATCH", "orders.product/{product}", {"stock_on_hand": 999}, 422),
    ("picker", "PATCH", "orders.product/{product}", {"stock_on_hand": 999}, 403),
    (
        "lan",
        "POST",
        "orders.stock_adjustment",
        {"product_id": "{product}", "change": 5, "reason": "found"},
        403,
    ),
    (
        "picker",
        "POST",
        "orders.stock_adjustment",
        {"product_id": "{product}", "change": 5, "reason": "count"},
        201,
    ),
    ("buyer", "POST", "orders.purchase_order/{purchase}/transition", {"to": "received"}, 403),
    ("picker", "POST", "orders.purchase_order/{purchase}/transition", {"to": "received"}, 200),
]


def _fill(value, shop: dict):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return shop[value[1:-1]]
    if isinstance(value, str):
        return value.format(**shop)
    if isinstance(value, dict):
        return {k: _fill(v, shop) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, shop) for v in value]
    return value


@pytest.mark.parametrize(("who", "method", "url", "body", "expected"), RULES)
def test_who_may_change_what(app, client, shop, who, method, url, body, expected):
    status = _call(client, shop[who], method, _fill(url, shop), _fill(body, shop))
    assert status == expected


def test_an_hr_officer_unlinking_their_login_still_cannot_decide_their_leave(
    app, client, make_user
):
    officer = make_user("hong@example.com", ["employee", "hr_officer"], name="Hồng")
    with app.app_context():
        employee = records.create("hr.employee", {"name": "Hồng", "user_id": officer})
        leave = records.create(
            "hr.leave_request",
            {
                "employee_id": employee.id,
                "first_day": date(2026, 12, 7),
                "last_day": date(2026, 12, 7),
            },
            officer,
        )
        records.transition("hr.leave_request", leave, "submitted", officer)
        records.update("hr.employee", employee, {"user_id": None}, officer)
        leave_id = leave.id
    status = _call(
        client, officer, "POST", f"hr.leave_request/{leave_id}/transition", {"to": "approved"}
    )
    assert status == 409
