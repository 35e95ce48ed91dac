"""Fixtures of the CRM's tests: staff users and quick ways to make customers and tickets."""

from __future__ import annotations

import pytest

from core import records


@pytest.fixture
def agent(make_user) -> int:
    """A support agent's user id."""
    return make_user("agent@example.vn", ["employee", "support"], name="Lê Thị Mỹ Linh")


@pytest.fixture
def seller(make_user) -> int:
    """A salesperson's user id."""
    return make_user("seller@example.vn", ["employee", "sales"], name="Trần Minh Khoa")


@pytest.fixture
def new_customer(app, seller):
    """``new_customer(name=..., **values)`` -> id of a customer created through the service."""

    def factory(name: str = "Công ty TNHH Minh Phát", **values) -> int:
        with app.app_context():
            return records.create("crm.customer", {"name": name, **values}, seller).id

    return factory


@pytest.fixture
def new_ticket(app, agent, new_customer):
    """``new_ticket(customer_id=None, **values)`` -> id of a ticket (new customer if none)."""

    def factory(customer_id: int | None = None, **values) -> int:
        customer_id = customer_id or new_customer()
        with app.app_context():
            data = {"customer_id": customer_id, "subject": "Giao hàng chậm", **values}
            return records.create("crm.ticket", data, agent).id

    return factory
