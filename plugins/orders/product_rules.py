"""Business rules of products: a unique SKU and stock that covers what is reserved."""

from __future__ import annotations

from flask_babel import gettext as _

from core.db import db
from plugins.orders.models import Product


def validate_product(record: Product, values: dict, creating: bool) -> dict[str, str]:
    """SKUs are upper-case and unique; stock on hand never drops below the reserved units."""
    errors: dict[str, str] = {}
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


def title(record: Product) -> str:
    """``GAO-ST25-5 · Gạo ST25 5kg``"""
    return f"{record.sku} · {record.name}"


def _sku_taken(record: Product) -> bool:
    stmt = db.select(Product.id).where(Product.sku == record.sku)
    if record.id is not None:
        stmt = stmt.where(Product.id != record.id)
    return db.session.execute(stmt.limit(1)).first() is not None
