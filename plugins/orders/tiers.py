"""Keeping the customer tier copied on open sales orders in step with the customer."""

from __future__ import annotations

from typing import Any

from core.change_hooks import tell_plugins
from core.db import db
from core.records import audit, entity_type
from plugins.orders.models import SalesOrder

FINAL_STATES = ("delivered", "cancelled")


def sync_order_tiers(customer: Any, actor_id: int | None) -> list[SalesOrder]:
    """Copy ``customer``'s tier onto its open sales orders, in the current transaction.

    Each changed order gets an audit line and an ``entity_updated`` call (change
    ``customer_tier``) so that plugins filtering on the tier (SLA policies) can react.
    Delivered and cancelled orders keep the tier they were served under.
    """
    orders = (
        db.session.execute(
            db.select(SalesOrder).where(
                SalesOrder.customer_id == customer.id,
                SalesOrder.customer_tier != customer.tier,
                SalesOrder.state.not_in(FINAL_STATES),
            )
        )
        .scalars()
        .all()
    )
    if not orders:
        return []
    entity = entity_type("orders.sales_order")
    for order in orders:
        old = order.customer_tier
        order.customer_tier = customer.tier
        db.session.flush()
        audit(
            entity,
            order,
            "updated",
            actor_id=actor_id,
            changes={"customer_tier": [old, customer.tier]},
        )
        tell_plugins(
            "entity_updated",
            entity=entity,
            record=order,
            changes={"customer_tier": (old, customer.tier)},
            actor_id=actor_id,
        )
    return orders
