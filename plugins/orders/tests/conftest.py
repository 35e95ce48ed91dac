"""Fixtures of the orders plugin's tests: a small shop with a customer, products and staff."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from core import records
from core.db import db


@dataclass
class Shop:
    """Ids of what the tests sell with."""

    customer: int
    rice: int  # Gạo ST25 5kg, 185 000 ₫, 50 on hand
    coffee: int  # Cà phê Trung Nguyên 500g, 215 000 ₫, 20 on hand
    sauce: int  # Nước mắm Phú Quốc, 95 000 ₫, 4 on hand
    seller: int
    picker: int
    buyer: int


@pytest.fixture
def shop(app, make_user) -> Shop:
    """A gold customer, three products with stock, a salesperson, a warehouse clerk, a buyer."""
    seller = make_user("lan@example.com", ["employee", "sales"], name="Lan")
    picker = make_user("hung@example.com", ["employee", "warehouse"], name="Hùng")
    buyer = make_user("tung@example.com", ["employee", "purchaser"], name="Tùng")
    with app.app_context():
        customer = records.create(
            "crm.customer", {"name": "Công ty TNHH Minh Phát", "tier": "gold"}, actor_id=seller
        )
        ids = [
            records.create(
                "orders.product",
                {"sku": sku, "name": name, "unit_price": price, "stock_on_hand": stock},
            ).id
            for sku, name, price, stock in (
                ("GAO-ST25-5", "Gạo ST25 5kg", 185_000, 50),
                ("CF-TN-500", "Cà phê Trung Nguyên 500g", 215_000, 20),
                ("NM-PQ-500", "Nước mắm Phú Quốc", 95_000, 4),
            )
        ]
        shop = Shop(customer.id, *ids, seller=seller, picker=picker, buyer=buyer)
        db.session.remove()
    return shop


@pytest.fixture
def colleague(shop, make_user) -> int:
    """Another salesperson, who may read the shop's orders but not change Lan's."""
    return make_user("minh@example.com", ["employee", "sales"], name="Minh")


@pytest.fixture
def sales_manager(shop, make_user) -> int:
    """The head of sales: changes every salesperson's orders and agrees discounts."""
    return make_user("tuan@example.com", ["employee", "sales_manager"], name="Tuấn")
