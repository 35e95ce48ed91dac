"""The salesperson's dashboard card: their open sales orders, counted by state."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select

from core.auth import has_permission
from core.db import db
from core.records import entity_type
from core.ui.links import list_url
from core.ui.panels import Panel
from plugins.orders.models import SalesOrder

SALES = "orders.sales_order"
#: the states in which a sales order still needs someone's work, in workflow order
OPEN_STATES = ("draft", "confirmed", "picking", "packed", "shipped")


def open_order_counts(user_id: int) -> dict[str, int]:
    """How many of the sales orders ``user_id`` sells are in each open state (one query)."""
    rows = db.session.execute(
        select(SalesOrder.state, func.count())
        .where(SalesOrder.salesperson_id == user_id, SalesOrder.state.in_(OPEN_STATES))
        .group_by(SalesOrder.state)
    )
    return {state: count for state, count in rows}


def my_open_orders_widget(user: Any) -> Panel | None:
    """ "My open orders" for people who take orders (``orders.write``): each open state with
    its count, linking to the list filtered on the viewer as salesperson and that state, and
    a link to a new order. None for anyone else."""
    if not has_permission("orders.write", user):
        return None
    entity = entity_type(SALES)
    counts = open_order_counts(user.id)
    rows = [
        (entity.state(state), counts[state], list_url(entity, salesperson_id=user.id, state=state))
        for state in OPEN_STATES
        if counts.get(state)
    ]
    html = render_template(
        "orders/my_orders_widget.html",
        rows=rows,
        total=sum(counts.values()),
        all_url=list_url(entity, salesperson_id=user.id, state__in=",".join(OPEN_STATES)),
        new_url=url_for("orders.new_sales_order"),
    )
    return Panel(_l("My open orders"), Markup(html), order=20, source="orders")
