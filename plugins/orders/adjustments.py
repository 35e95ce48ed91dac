"""Stock adjustments: the only way, besides the order workflows, that stock on hand changes.

Warehouse staff (``orders.stock``) record one with the units added or taken off and the reason
(a count, breakage, a correction). Creating it locks the product, applies the change (never
below the units reserved, never below zero) and writes a line on the product's audit trail with
the reason; the adjustment itself is kept as it was, never edited.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from core.change_hooks import tell_plugins
from core.db import db
from core.errors import BusinessRuleError, ValidationError
from plugins.orders.models import Product, StockAdjustment
from plugins.orders.stock import lock_products


def validate_adjustment(record: StockAdjustment, values: dict, creating: bool) -> dict[str, str]:
    """A product that exists, a change other than zero and a reason; never edited."""
    if not creating:
        raise BusinessRuleError(
            _("A stock adjustment is not changed once recorded: record another one to correct it.")
        )
    errors: dict[str, str] = {}
    with db.session.no_autoflush:
        if record.product_id is not None and db.session.get(Product, record.product_id) is None:
            errors["product_id"] = _("No such product.")
    if record.change == 0:
        errors["change"] = _("Add or take off at least one unit.")
    if not (record.reason or "").strip():
        errors["reason"] = _("Say why the stock changes.")
    else:
        record.reason = record.reason.strip()
    return errors


def apply_adjustment(record: StockAdjustment, values: dict, actor_id: int | None) -> None:
    """On creation: change the locked product's stock on hand and note it on its audit trail."""
    from core.records import audit, entity_type
    from plugins.orders.entities import MAX_STOCK

    product = lock_products([record.product_id])[record.product_id]
    before = product.stock_on_hand
    after = before + record.change
    if after < product.stock_reserved:
        raise ValidationError(
            {
                "change": _(
                    "Stock on hand cannot be less than the %(reserved)d units reserved "
                    "(%(on_hand)d on hand now).",
                    reserved=product.stock_reserved,
                    on_hand=before,
                )
            }
        )
    if after > MAX_STOCK:
        raise ValidationError({"change": _("That is more stock than a product can hold.")})
    product.stock_on_hand = after
    record.on_hand_before, record.on_hand_after = before, after
    record.adjusted_by_id = actor_id
    db.session.flush()
    entity = entity_type("orders.product")
    changes = {"stock_on_hand": (before, after)}
    audit(
        entity,
        product,
        "updated",
        record.reason,
        actor_id=actor_id,
        changes={"stock_on_hand": [before, after]},
    )
    tell_plugins(
        "entity_updated", entity=entity, record=product, changes=changes, actor_id=actor_id
    )


def title(record: StockAdjustment) -> str:
    """``GAO-ST25-5 +20`` (the product's SKU and the change)."""
    sku = record.product.sku if record.product is not None else f"#{record.product_id}"
    return f"{sku} {record.change:+d}" if record.change is not None else sku


def adjustments_of(product: Any, limit: int = 10) -> list[StockAdjustment]:
    """The latest adjustments of ``product``, newest first."""
    return list(
        db.session.execute(
            db.select(StockAdjustment)
            .where(StockAdjustment.product_id == product.id)
            .order_by(StockAdjustment.id.desc())
            .limit(limit)
        ).scalars()
    )
