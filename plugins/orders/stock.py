"""Stock moves caused by order workflows: reserve, release, consume (ship) and receive.

Every move locks the products it touches first (``core.locks``; in id order, so
that two orders never deadlock), so two confirmations cannot both take the last units.
Moves happen inside the transition's transaction: a refused or failed transition moves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from core.errors import BusinessRuleError
from core.locks import locked_rows
from plugins.orders.models import Product


@dataclass(frozen=True)
class Shortage:
    """A product an order needs more of than is available."""

    name: str
    needed: int
    available: int


def quantities(lines: Iterable[Any]) -> dict[int, int]:
    """Total quantity per product id over ``lines`` (a product may appear on several lines)."""
    totals: dict[int, int] = {}
    for line in lines:
        totals[line.product_id] = totals.get(line.product_id, 0) + line.quantity
    return totals


def shortages(needed: dict[int, int], products: dict[int, Product]) -> list[Shortage]:
    """Every product of ``needed`` whose available stock is below the quantity, in id order."""
    short = []
    for product_id in sorted(needed):
        product = products[product_id]
        if needed[product_id] > product.stock_available:
            short.append(Shortage(product.name, needed[product_id], product.stock_available))
    return short


def shortage_message(short: list[Shortage]) -> str:
    """``Not enough stock: Gạo ST25 5kg (need 10, available 4), ...``"""
    items = ", ".join(
        _(
            "%(product)s (need %(need)d, available %(available)d)",
            product=s.name,
            need=s.needed,
            available=max(s.available, 0),
        )
        for s in short
    )
    return _("Not enough stock: %(items)s", items=items)


def lock_products(product_ids: Iterable[int]) -> dict[int, Product]:
    """The products by id, row-locked until the transaction ends, with fresh stock figures."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    rows = locked_rows(Product, Product.id.in_(ids), order_by=Product.id)
    return {product.id: product for product in rows}


def reserve(lines: Iterable[Any]) -> None:
    """Reserve the lines' quantities, or refuse naming every short product (nothing reserved)."""
    needed = quantities(lines)
    products = lock_products(needed)
    short = shortages(needed, products)
    if short:
        raise BusinessRuleError(shortage_message(short))
    for product_id, quantity in needed.items():
        products[product_id].stock_reserved += quantity


def release(lines: Iterable[Any]) -> None:
    """Give back the reservation of a confirmed order that will not ship."""
    needed = quantities(lines)
    products = lock_products(needed)
    for product_id, quantity in needed.items():
        product = products[product_id]
        product.stock_reserved = max(product.stock_reserved - quantity, 0)


def consume(lines: Iterable[Any]) -> None:
    """Shipping: the reserved units leave the warehouse (on hand and reserved both drop)."""
    needed = quantities(lines)
    products = lock_products(needed)
    for product_id, quantity in needed.items():
        product = products[product_id]
        product.stock_on_hand -= quantity
        product.stock_reserved = max(product.stock_reserved - quantity, 0)


def receive(lines: Iterable[Any]) -> None:
    """Receiving a purchase: the units arrive on hand."""
    needed = quantities(lines)
    products = lock_products(needed)
    for product_id, quantity in needed.items():
        products[product_id].stock_on_hand += quantity
