"""Business rules of products: a unique SKU, and stock on hand that only the warehouse sets."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import inspect

from core.auth import has_permission
from core.db import db
from core.errors import ValidationError
from core.models import User
from plugins.orders.access import STOCK
from plugins.orders.models import Product


def validate_product(record: Product, values: dict, creating: bool) -> dict[str, str]:
    """SKUs are upper-case and unique; stock on hand is given on creation only (later it
    changes through the order workflows and stock adjustments) and never below the reserved
    units."""
    errors: dict[str, str] = {}
    if not creating and inspect(record).attrs.stock_on_hand.history.has_changes():
        errors["stock_on_hand"] = _(
            "Stock on hand changes through a stock adjustment, which records the reason."
        )
        return errors
    with db.session.no_autoflush:
        if record.sku:
            record.sku = record.sku.strip().upper()
            if " " in record.sku:
                errors["sku"] = _("A SKU has no spaces.")
            elif _sku_taken(record):
                errors["sku"] = _("Another product already has this SKU.")
        record.unit_price = record.unit_price or 0
        record.stock_on_hand = record.stock_on_hand or 0
        record.stock_reserved = record.stock_reserved or 0
        if record.stock_on_hand < record.stock_reserved:
            errors["stock_on_hand"] = _(
                "Stock on hand cannot be less than the %(reserved)d units reserved.",
                reserved=record.stock_reserved,
            )
    return errors


def check_opening_stock(record: Product, values: dict, actor_id: int | None) -> None:
    """On creation: opening stock is counted by the warehouse (``orders.stock``); anyone else
    creates the product with none, and the warehouse records what arrives."""
    if not record.stock_on_hand or actor_id is None:
        return
    if not has_permission(STOCK, db.session.get(User, actor_id)):
        raise ValidationError(
            {
                "stock_on_hand": _(
                    "Opening stock is counted by the warehouse: leave it at 0 (permission "
                    "orders.stock)."
                )
            }
        )


def title(record: Product) -> str:
    """``GAO-ST25-5 · Gạo ST25 5kg``"""
    return f"{record.sku} · {record.name}"


def _sku_taken(record: Product) -> bool:
    stmt = db.select(Product.id).where(Product.sku == record.sku)
    if record.id is not None:
        stmt = stmt.where(Product.id != record.id)
    return db.session.execute(stmt.limit(1)).first() is not None
