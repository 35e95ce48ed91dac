"""Panels the orders plugin adds to record pages: whose a sales order is, for a salesperson who
may read but not change it, and a product's stock adjustments with a way to record one."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from core.auth import has_permission
from core.ui.panels import Panel
from plugins.orders.access import STOCK, WRITE
from plugins.orders.adjustments import adjustments_of
from plugins.orders.ownership import change_refusal


def owner_panel(order: Any, user: Any) -> Panel | None:
    """For someone in sales looking at an order they may not change: why (its salesperson or a
    sales manager changes it), where Edit, Confirm and Cancel would be."""
    if not has_permission(WRITE, user):
        return None
    refusal = change_refusal(order, order.salesperson_id, user)
    if refusal is None:
        return None
    html = Markup('<p class="mb-0" data-owner-refusal>{}</p>').format(refusal)
    return Panel(title=_l("Salesperson"), html=html, order=5, source="orders")


def stock_panel(product: Any, user: Any) -> Panel | None:
    """A product's latest stock adjustments, and (``orders.stock``) a link to record one."""
    adjustments = adjustments_of(product)
    may_adjust = has_permission(STOCK, user)
    if not adjustments and not may_adjust:
        return None
    new_url = url_for("ui.record_new", entity_key="orders.stock_adjustment", product_id=product.id)
    html = render_template(
        "orders/stock_panel.html",
        adjustments=adjustments,
        new_url=new_url if may_adjust else None,
    )
    return Panel(title=_l("Stock adjustments"), html=Markup(html), order=30, source="orders")
