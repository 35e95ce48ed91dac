"""Several people changing one record at once, against the real server (``nhip run`` in a
subprocess, threaded) on SQLite and on PostgreSQL: of concurrent changes one wins, the others
answer 409, and stock and SLA clocks end as the winner alone would have left them.

Requests are sent from threads released together by a barrier; every wait is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from core import records
from core.db import db
from core.models import ApiToken, AuditEntry, User
from core.testing import BACKENDS, session_app, wipe
from core.testing_server import app_env, at_once, running_server

SALES = "orders.sales_order"
LEAVE = "hr.leave_request"
TIMEOUT = 30  # seconds, for every request and wait: a busy machine is slow, never stuck
PASSWORD = "correct horse battery staple 42"
ALWAYS = {
    "name": "24/7",
    "timezone": "Asia/Ho_Chi_Minh",
    "week": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}
ORDER_POLICY = {
    "name": "Orders",
    "entity": SALES,
    "order": 10,
    "conditions": {},
    "calendar": "24/7",
    "on_change": "carry_over",
    "targets": [
        {"name": "Confirm", "start": ["created"], "stop": ["confirmed"], "cancel": ["cancelled"],
         "minutes": 600},
        {"name": "Ship", "start": ["confirmed"], "stop": ["shipped"], "cancel": ["cancelled"],
         "minutes": 2400},
    ],
}  # fmt: skip
#: the sales order's path from a draft, and the stock each state holds for an order of QUANTITY
PATH = ("draft", "confirmed", "picking", "packed", "shipped")
QUANTITY = 3
ON_HAND = 50


@dataclass
class Live:
    """The real server on one backend, and the application sharing its database."""

    app: object
    url: str
    log: Path

    def api(self, method: str, path: str, token: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return requests.request(
            method, f"{self.url}/api/v1{path}", headers=headers, timeout=TIMEOUT, **kwargs
        )


@pytest.fixture(scope="module", params=BACKENDS)
def live_server(request, tmp_path_factory) -> Iterator[Live]:
    """``nhip run`` on the shared test database of the backend, for this module."""
    app = session_app(request, request.param)
    wipe(app)
    log = tmp_path_factory.mktemp("concurrency-server") / "server.log"
    with running_server(app_env(app), log) as url:
        yield Live(app, url, log)


@pytest.fixture
def live(live_server) -> Iterator[Live]:
    """The server with an emptied database."""
    wipe(live_server.app)
    yield live_server
    with live_server.app.app_context():
        db.session.remove()


def statuses(answers: list[requests.Response]) -> list[int]:
    return sorted(answer.status_code for answer in answers)


# -- set-up through the service functions ---------------------------------------------------
def person(app, email: str, roles: list[str]) -> tuple[int, str]:
    """A user with ``roles`` and a password; ``(id, API token)``."""
    with app.app_context():
        user = User(email=email, name=email.split("@")[0].title())
        user.set_roles(roles)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        row, token = ApiToken.issue(user, "concurrency test")
        db.session.add(row)
        db.session.commit()
        return user.id, token


@dataclass
class Shop:
    seller: tuple[int, str]
    clerk: tuple[int, str]
    customer: int
    product: int


def shop(app) -> Shop:
    """A salesperson, a warehouse clerk, a customer, a product with ON_HAND units, and SLA
    tracking of sales orders (a Confirm and a Ship target)."""
    from plugins.orders.models import Product
    from plugins.sla.config_store import apply
    from plugins.sla.switches import set_tracking

    seller = person(app, "lan@example.com", ["employee", "sales"])
    clerk = person(app, "hung@example.com", ["employee", "warehouse"])
    with app.app_context():
        apply({"calendars": [ALWAYS], "policies": [ORDER_POLICY]})
        set_tracking(SALES, True)
        db.session.commit()
        customer = records.create("crm.customer", {"name": "Minh Phát"}, seller[0])
        product = Product(sku="GAO-ST25", name="Gạo ST25 5kg", unit_price=185_000)
        db.session.add(product)
        db.session.commit()
        product.stock_on_hand = ON_HAND  # opening stock, as counted by the warehouse
        db.session.commit()
        return Shop(seller, clerk, customer.id, product.id)


def order_in(app, shop: Shop, state: str) -> int:
    """A sales order of QUANTITY units moved along its path to ``state``; its id."""
    with app.app_context():
        order = records.create(
            SALES,
            {
                "customer_id": shop.customer,
                "lines": [{"product_id": shop.product, "quantity": QUANTITY}],
            },
            shop.seller[0],
        )
        for step in PATH[1 : PATH.index(state) + 1]:
            actor = shop.seller[0] if step == "confirmed" else shop.clerk[0]
            records.transition(SALES, order, step, actor)
        return order.id


def stock_and_clocks(app, shop: Shop, order_id: int) -> tuple[str, tuple[int, int], dict]:
    """The order's state, the product's (on hand, reserved), and {target: clock state}."""
    from plugins.orders.models import Product, SalesOrder
    from plugins.sla.models import Clock

    with app.app_context():
        state = db.session.get(SalesOrder, order_id).state
        product = db.session.get(Product, shop.product)
        clocks = db.session.execute(
            select(Clock.target_name, Clock.state).where(
                Clock.entity == SALES, Clock.record_id == order_id, Clock.current.is_(True)
            )
        ).all()
        return state, (product.stock_on_hand, product.stock_reserved), dict(clocks)


def transitions_of(app, entity: str, record_id: int) -> int:
    with app.app_context():
        return db.session.execute(
            select(func.count()).where(
                AuditEntry.entity == entity,
                AuditEntry.record_id == record_id,
                AuditEntry.kind == "transition",
            )
        ).scalar_one()


def move(live: Live, entity: str, record_id: int, to: str, token: str) -> Callable:
    """A call that asks to move the record to ``to`` (naming no version)."""
    return lambda: live.api("POST", f"/{entity}/{record_id}/transition", token, json={"to": to})


# -- the tests --------------------------------------------------------------------------------
def test_one_order_confirmed_eight_times_at_once_is_confirmed_once(live):
    store = shop(live.app)
    order_id = order_in(live.app, store, "draft")
    answers = at_once([move(live, SALES, order_id, "confirmed", store.seller[1])] * 8)
    assert statuses(answers) == [200] + [409] * 7, [a.text for a in answers]
    losers = [a.json()["error"] for a in answers if a.status_code == 409]
    assert all("already moved on (now confirmed)" in error for error in losers), losers
    state, stock, clocks = stock_and_clocks(live.app, store, order_id)
    assert (state, stock) == ("confirmed", (ON_HAND, QUANTITY))
    assert clocks == {"Confirm": "met", "Ship": "running"}
    assert transitions_of(live.app, SALES, order_id) == 1


#: (state of the order, the moves sent at once: target and who sends it)
MIXES = [
    ("draft", [("confirmed", "seller")] * 3 + [("cancelled", "seller")] * 3),
    ("confirmed", [("picking", "clerk")] * 2 + [("cancelled", "seller")] * 2),
    ("picking", [("packed", "clerk")] * 2 + [("cancelled", "seller")] * 2),
    ("packed", [("shipped", "clerk")] * 4),
]


@pytest.mark.parametrize(("start", "moves"), MIXES, ids=[start for start, _ in MIXES])
@pytest.mark.parametrize("if_match", [True, False], ids=["if-match", "blind"])
def test_confirm_ship_and_cancel_at_once_leave_stock_and_clocks_as_the_winners_left_them(
    live, start, moves, if_match
):
    """Moves that name the version they saw: exactly one wins. Blind moves may follow each
    other (picking, then cancelled), but each runs alone: stock and clocks always match."""
    store = shop(live.app)
    order_id = order_in(live.app, store, start)
    tokens = {"seller": store.seller[1], "clerk": store.clerk[1]}
    seen = live.api("GET", f"/{SALES}/{order_id}", store.seller[1]).headers["ETag"]
    headers = {"If-Match": seen} if if_match else {}
    answers = at_once(
        [
            lambda to=to, who=who: live.api(
                "POST",
                f"/{SALES}/{order_id}/transition",
                tokens[who],
                json={"to": to},
                headers=headers,
            )
            for to, who in moves
        ]
    )
    assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
    won = [a.json()["state"] for a in answers if a.status_code == 200]
    if if_match:
        assert len(won) == 1, [a.text for a in answers]
    assert len(set(won)) == len(won)  # no move was made twice
    state, stock, clocks = stock_and_clocks(live.app, store, order_id)
    assert state == won[-1] if len(won) == 1 else state in won
    if state == "cancelled":  # nothing reserved, no clock left running
        assert stock == (ON_HAND, 0)
        assert "running" not in clocks.values()
    elif state == "shipped":  # the goods left once
        assert stock == (ON_HAND - QUANTITY, 0)
        assert clocks["Ship"] == "met"
    else:  # still on its way: reserved once, its clocks not cancelled
        assert stock == (ON_HAND, QUANTITY)
        assert clocks == {"Confirm": "met", "Ship": "running"}
    assert transitions_of(live.app, SALES, order_id) == PATH.index(start) + len(won)


def test_a_leave_approved_and_rejected_at_once_gets_one_decision(live):
    manager, manager_token = person(live.app, "boss@example.com", ["employee", "manager"])
    officer, officer_token = person(live.app, "hr@example.com", ["employee", "hr_officer"])
    staff, _ = person(live.app, "staff@example.com", ["employee"])
    with live.app.app_context():
        department = records.create("hr.department", {"code": "SALES", "name": "Sales"})
        boss = records.create(
            "hr.employee",
            {"name": "Boss", "user_id": manager, "department_id": department.id},
        )
        worker = records.create(
            "hr.employee",
            {
                "name": "Staff",
                "user_id": staff,
                "department_id": department.id,
                "manager_id": boss.id,
            },
        )
        monday = date.today() + timedelta(days=7 - date.today().weekday())
        leave = records.create(
            LEAVE, {"employee_id": worker.id, "first_day": monday, "last_day": monday}, staff
        )
        records.transition(LEAVE, leave, "submitted", staff)
        leave_id = leave.id
    answers = at_once(
        [move(live, LEAVE, leave_id, "approved", manager_token)] * 2
        + [move(live, LEAVE, leave_id, "rejected", officer_token)] * 2
    )
    assert statuses(answers) == [200, 409, 409, 409], [a.text for a in answers]
    [winner] = [a.json()["state"] for a in answers if a.status_code == 200]
    with live.app.app_context():
        decided = records.get_record(LEAVE, leave_id)
        assert decided.state == winner
        assert decided.decided_by_id == (manager if winner == "approved" else officer)
    assert transitions_of(live.app, LEAVE, leave_id) == 2  # submitted, then one decision


def test_edits_based_on_one_version_at_once_change_the_order_once(live):
    store = shop(live.app)
    order_id = order_in(live.app, store, "confirmed")
    seen = live.api("GET", f"/{SALES}/{order_id}", store.seller[1])
    etag = seen.headers["ETag"]

    def edit(priority: str, channel: str) -> Callable:
        body = {"priority": priority, "channel": channel}
        return lambda: live.api(
            "PATCH", f"/{SALES}/{order_id}", store.seller[1], json=body, headers={"If-Match": etag}
        )

    answers = at_once([edit("express", channel) for channel in ("web", "phone", "store") * 2])
    assert statuses(answers) == [200] + [409] * 5, [a.text for a in answers]
    [won] = [a.json() for a in answers if a.status_code == 200]
    fields = ("priority", "channel")
    changed = {k: [seen.json()[k], won[k]] for k in fields if seen.json()[k] != won[k]}
    assert "priority" in changed
    for lost in (a.json() for a in answers if a.status_code == 409):
        assert lost["version"] == won["version"]
        assert lost["changed"] == changed
    assert (
        live.api("GET", f"/{SALES}/{order_id}", store.seller[1]).json()["version"]
        == (won["version"])
    )


def test_a_stale_order_form_save_is_shown_again_with_what_changed(live):
    store = shop(live.app)
    order_id = order_in(live.app, store, "confirmed")
    browser = requests.Session()
    login_page = browser.get(f"{live.url}/login", timeout=TIMEOUT).text
    signed_in = browser.post(
        f"{live.url}/login",
        data={"email": "lan@example.com", "password": PASSWORD, "csrf_token": _csrf(login_page)},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert signed_in.status_code in (302, 303), signed_in.text
    form = browser.get(f"{live.url}/orders/sales/{order_id}/edit", timeout=TIMEOUT).text
    seen = re.search(r'name="record_version" value="(\d+)"', form).group(1)
    meanwhile = live.api(
        "PATCH", f"/{SALES}/{order_id}", store.seller[1], json={"priority": "express"}
    )
    assert meanwhile.status_code == 200, meanwhile.text
    answer = browser.post(
        f"{live.url}/orders/sales/{order_id}/edit",
        data={
            "csrf_token": _csrf(form),
            "record_version": seen,
            "priority": "normal",
            "channel": "store",
            "customer_ref": "PO-77",
        },
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert answer.status_code == 409
    assert "was changed by someone else after you opened it" in answer.text
    assert "What changed meanwhile:" in answer.text
    after = live.api("GET", f"/{SALES}/{order_id}", store.seller[1]).json()
    assert (after["priority"], after["customer_ref"]) == ("express", None)


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
