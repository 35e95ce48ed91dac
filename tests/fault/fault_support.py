"""What the fault tests share: a shop whose sales orders SLA tracks, an API client of it, and a
picture of everything the database holds, to show that a failed change wrote nothing."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import func, inspect, select, text

from core import records
from core.db import db
from core.models import ApiToken, User
from core.testing import service_missing
from core.testing_server import free_port, wait_for
from plugins.sla.testing import ALWAYS

SALES = "orders.sales_order"
PASSWORD = "correct horse battery staple 42"
TIMEOUT = 30  # seconds, for every request to a real server
ORDER_POLICY = {
    "name": "Orders",
    "entity": SALES,
    "order": 10,
    "conditions": {},
    "calendar": ALWAYS["name"],
    "on_change": "carry_over",
    "targets": [
        {"name": "Confirm", "start": ["created"], "stop": ["confirmed"], "cancel": ["cancelled"],
         "minutes": 60, "escalations": [{"at": 50, "actions": [
             {"type": "notify", "to": ["responsible"], "channels": ["in_app"]}]}]},
        {"name": "Ship", "start": ["confirmed"], "stop": ["shipped"], "cancel": ["cancelled"],
         "minutes": 2400},
    ],
}  # fmt: skip


@dataclass
class Shop:
    """A salesperson (id, API token), a customer and a product with stock."""

    seller: int
    token: str
    customer: int
    product: int

    def order_body(self, quantity: int = 2) -> dict:
        """The API body of a new sales order of ``quantity`` units of the product."""
        return {
            "customer_id": self.customer,
            "lines": [{"product_id": self.product, "quantity": quantity}],
        }


def open_shop(app) -> Shop:
    """A salesperson with a password and a token, a customer, a product with 50 units on
    hand, and SLA tracking of sales orders (Confirm within an hour, a level at half of it;
    Ship)."""
    from plugins.orders.models import Product
    from plugins.sla.config_store import apply
    from plugins.sla.switches import set_tracking

    with app.app_context():
        user = User(email="lan@example.com", name="Lan")
        user.set_roles(["employee", "sales"])
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        row, token = ApiToken.issue(user, "fault test")
        db.session.add(row)
        apply({"calendars": [ALWAYS], "policies": [ORDER_POLICY]})
        set_tracking(SALES, True)
        db.session.commit()
        customer = records.create("crm.customer", {"name": "Minh Phát"}, user.id)
        product = Product(sku="GAO-ST25", name="Gạo ST25 5kg", unit_price=185_000)
        db.session.add(product)
        db.session.commit()
        product.stock_on_hand = 50
        db.session.commit()
        shop = Shop(user.id, token, customer.id, product.id)
        db.session.remove()
        return shop


def new_order(app, shop: Shop) -> int:
    """A draft sales order of the shop, made through the service functions; its id."""
    with app.app_context():
        order_id = records.create(SALES, shop.order_body(), shop.seller).id
        db.session.remove()
        return order_id


def everything(app) -> dict:
    """Every table's row count, each sales order's (state, priority) and each SLA clock's
    (entity, record, target, state, current): equal before and after a failed change."""
    from plugins.orders.models import SalesOrder
    from plugins.sla.models import Clock

    with app.app_context():
        connection = db.session.connection()
        picture: dict = {
            table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in inspect(connection).get_table_names()
        }
        picture["orders"] = sorted(
            db.session.execute(select(SalesOrder.id, SalesOrder.state, SalesOrder.priority)).all()
        )
        picture["clocks"] = sorted(
            db.session.execute(
                select(Clock.entity, Clock.record_id, Clock.target_name, Clock.state, Clock.current)
            ).all()
        )
        db.session.remove()
        return picture


def clocks_of(app, record_id: int) -> dict[str, str]:
    """``{target: state}`` of a sales order's current clocks."""
    from plugins.sla.models import Clock

    with app.app_context():
        rows = db.session.execute(
            select(Clock.target_name, Clock.state).where(
                Clock.entity == SALES, Clock.record_id == record_id, Clock.current.is_(True)
            )
        ).all()
        db.session.remove()
        return dict(rows)


def state_of(app, record_id: int) -> str:
    from plugins.orders.models import SalesOrder

    with app.app_context():
        state = db.session.get(SalesOrder, record_id).state
        db.session.remove()
        return state


def count_of(app, model) -> int:
    with app.app_context():
        number = db.session.execute(select(func.count()).select_from(model)).scalar_one()
        db.session.remove()
        return number


def api(url: str, method: str, path: str, token: str, **kwargs) -> requests.Response:
    """A request to a real server's API (``/api/v1`` + ``path``) with ``token``."""
    return requests.request(
        method,
        f"{url}/api/v1{path}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=TIMEOUT,
        **kwargs,
    )


def signed_in(url: str, email: str = "lan@example.com") -> requests.Session:
    """A browser-like session signed in to a real server through its sign-in form."""
    session = requests.Session()
    form = session.get(f"{url}/login", timeout=TIMEOUT).text
    answer = session.post(
        f"{url}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf(form)},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    if answer.status_code not in (302, 303):
        pytest.fail(f"signing in failed with {answer.status_code}:\n{answer.text[:500]}")
    return session


def csrf(page: str) -> str:
    """The CSRF token of the first form of ``page``."""
    import re

    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if found is None:
        pytest.fail("the page has no CSRF token")
    return found.group(1)


class PrivateRedis:
    """A ``redis-server`` of the test's own on a free loopback port, without persistence, that
    the test stops and starts again (on the same port, empty, as a restarted Redis without
    persistence is). A missing ``redis-server`` is a skip, a failure under CI=true."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the server; return once it answers a ping."""
        binary = shutil.which("redis-server")
        if binary is None:
            service_missing("Redis", "no redis-server program to start a private one")
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [*command, "--appendonly", "no"], stdout=out, stderr=subprocess.STDOUT
            )
        wait_for(self.answers, self.process, seconds=TIMEOUT)

    def stop(self) -> None:
        """Stop the server (SIGTERM, waited for)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=TIMEOUT)
        self.process = None

    def answers(self) -> bool:
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()
