"""The orders' dashboard cards: a salesperson's open sales orders and the warehouse queue,
each counted by state, each count a link to those orders."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup
from sqlalchemy import func, select

from core.auth import has_permission
from core.db import db
from core.records import entity_type
from core.ui.links import list_url
from core.ui.panels import Panel
from plugins.orders.models import SalesOrder
from plugins.orders.views.warehouse import QUEUE_STATES

SALES = "orders.sales_order"
#: the states in which a sales order still needs someone's work, in workflow order
OPEN_STATES = ("draft", "confirmed", "picking", "packed", "shipped")


def order_counts(states: tuple[str, ...], salesperson_id: int | None = None) -> dict[str, int]:
    """How many sales orders are in each of ``states`` (only ``salesperson_id``'s if given);
    one query."""
    stmt = select(SalesOrder.state, func.count()).where(SalesOrder.state.in_(states))
    if salesperson_id is not None:
        stmt = stmt.where(SalesOrder.salesperson_id == salesperson_id)
    rows = db.session.execute(stmt.group_by(SalesOrder.state))
    return {state: count for state, count in rows}


def my_open_orders_widget(user: Any) -> Panel | None:
    """ "My open orders" for people who take orders (``orders.write``): each open state with
    its count, linking to the list filtered on the viewer as salesperson and that state, and
    a link to a new order. None for anyone else."""
    if not has_permission("orders.write", user):
        return None
    entity = entity_type(SALES)
    counts = order_counts(OPEN_STATES, user.id)
    total = sum(counts.values())
    html = render_template(
        "orders/state_counts_widget.html",
        rows=[
            (entity.state(s), counts[s], list_url(entity, salesperson_id=user.id, state=s))
            for s in OPEN_STATES
            if counts.get(s)
        ],
        all_url=list_url(entity, salesperson_id=user.id, state__in=",".join(OPEN_STATES)),
        all_text=ngettext("%(num)d open order", "All %(num)d open orders", total),
        action=(url_for("orders.new_sales_order"), _("New sales order")),
        empty=_("You have no open sales orders."),
    )
    return Panel(_l("My open orders"), Markup(html), order=20, source="orders")


def warehouse_queue_widget(user: Any) -> Panel | None:
    """ "Warehouse queue" for the warehouse (``warehouse.operate``): how many orders wait to
    be picked, packed and shipped, each count linking to the queue at that step. None for
    anyone else."""
    if not has_permission("warehouse.operate", user):
        return None
    entity = entity_type(SALES)
    counts = order_counts(QUEUE_STATES)
    total = sum(counts.values())
    html = render_template(
        "orders/state_counts_widget.html",
        rows=[
            (entity.state(s), counts[s], url_for("orders.warehouse", state=s))
            for s in QUEUE_STATES
            if counts.get(s)
        ],
        all_url=url_for("orders.warehouse"),
        all_text=ngettext("%(num)d order in the queue", "All %(num)d orders in the queue", total),
        action=None,
        empty=_("Nothing to pick, pack or ship right now."),
    )
    return Panel(_l("Warehouse queue"), Markup(html), order=20, source="orders-warehouse")
