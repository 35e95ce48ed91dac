"""Helpers of the orders plugin's tests."""

from __future__ import annotations

from typing import Any

from core import records
from core.db import db
from plugins.orders.models import Product

SALES = "orders.sales_order"
PURCHASE = "orders.purchase_order"
#: the forward path of a sales order, and how to reach each state from a draft
SALES_PATH = ("draft", "confirmed", "picking", "packed", "shipped", "delivered")
PURCHASE_PATH = ("draft", "sent", "confirmed", "received")


def new_order(shop, lines: list[dict[str, Any]] | None = None, **values) -> Any:
    """A draft sales order of the shop's customer, created by the salesperson."""
    body = {
        "customer_id": shop.customer,
        "lines": lines if lines is not None else [{"product_id": shop.rice, "quantity": 2}],
        **values,
    }
    return records.create(SALES, body, actor_id=shop.seller)


def sales_order_in(shop, state: str, lines: list[dict[str, Any]] | None = None) -> Any:
    """A sales order moved along the workflow to ``state`` (``cancelled``: from draft)."""
    order = new_order(shop, lines)
    path = ["cancelled"] if state == "cancelled" else SALES_PATH[1 : SALES_PATH.index(state) + 1]
    for step in path:
        records.transition(SALES, order, step, actor_id=shop.seller)
    return order


def new_purchase(shop, lines: list[dict[str, Any]] | None = None, **values) -> Any:
    """A draft purchase order from a supplier, created by the buyer."""
    body = {
        "supplier": "Công ty CP Lương thực Sóc Trăng",
        "lines": lines
        if lines is not None
        else [{"product_id": shop.rice, "quantity": 100, "unit_cost": 120_000}],
        **values,
    }
    return records.create(PURCHASE, body, actor_id=shop.buyer)


def purchase_in(shop, state: str) -> Any:
    """A purchase order moved along its workflow to ``state`` (``cancelled``: from draft) by
    the buyer, received by the warehouse clerk."""
    order = new_purchase(shop)
    path = (
        ["cancelled"] if state == "cancelled" else PURCHASE_PATH[1 : PURCHASE_PATH.index(state) + 1]
    )
    for step in path:
        actor = shop.picker if step == "received" else shop.buyer
        records.transition(PURCHASE, order, step, actor_id=actor)
    return order


def stock(product_id: int) -> tuple[int, int]:
    """``(on hand, reserved)`` of a product, read fresh from the database."""
    db.session.expire_all()
    product = db.session.get(Product, product_id)
    return product.stock_on_hand, product.stock_reserved
