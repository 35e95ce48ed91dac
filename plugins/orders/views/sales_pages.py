"""Creating and editing sales orders with their lines."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from core.auth import requires
from plugins.orders.ownership import change_refusal
from plugins.orders.views import bp
from plugins.orders.views.forms import SalesOrderForm, SalesOrderHeaderForm, prepare_sales_form
from plugins.orders.views.order_pages import OrderPages

#: header fields of a draft, and of an order that has left the draft (customer frozen)
DRAFT_HEADER = ("customer_id", "priority", "channel", "customer_ref")
LATER_HEADER = ("priority", "channel", "customer_ref")

PAGES = OrderPages(
    entity="orders.sales_order",
    form=SalesOrderForm,
    header_form=SalesOrderHeaderForm,
    prepare=prepare_sales_form,
    draft_header=DRAFT_HEADER,
    later_header=LATER_HEADER,
    line_fields=("product_id", "quantity", "unit_price"),
    price_field="unit_price",
    new_title=lambda: _("New sales order"),
    created=lambda number: _("Sales order %(number)s created.", number=number),
    saved=lambda number: _("Sales order %(number)s saved.", number=number),
    refusal=lambda order: change_refusal(order, order.salesperson_id, current_user),
)


@bp.route("/sales/new", methods=["GET", "POST"])
@requires("orders.write")
def new_sales_order():
    """A new sales order: customer, priority, channel and lines (saved as a draft)."""
    return PAGES.new()


@bp.route("/sales/<int:record_id>/edit", methods=["GET", "POST"])
@requires("orders.write")
def edit_sales_order(record_id: int):
    """Edit a sales order; its customer and lines only while it is a draft, nothing once it is
    delivered or cancelled (back to its page with the reason); someone else's order only as a
    sales manager (403 otherwise)."""
    return PAGES.edit(record_id)
