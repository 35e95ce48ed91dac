"""Creating and editing purchase orders with their lines."""

from __future__ import annotations

from flask_babel import gettext as _

from core.auth import requires
from plugins.orders.views import bp
from plugins.orders.views.forms import (
    PurchaseOrderForm,
    PurchaseOrderHeaderForm,
    prepare_purchase_form,
)
from plugins.orders.views.order_pages import OrderPages

PAGES = OrderPages(
    entity="orders.purchase_order",
    form=PurchaseOrderForm,
    header_form=PurchaseOrderHeaderForm,
    prepare=prepare_purchase_form,
    draft_header=("supplier", "supplier_ref"),
    later_header=("supplier_ref",),
    line_fields=("product_id", "quantity", "unit_cost"),
    price_field="unit_cost",
    new_title=lambda: _("New purchase order"),
    created=lambda number: _("Purchase order %(number)s created.", number=number),
    saved=lambda number: _("Purchase order %(number)s saved.", number=number),
)


@bp.route("/purchases/new", methods=["GET", "POST"])
@requires("purchase.write")
def new_purchase_order():
    """A new purchase order: supplier and lines (saved as a draft)."""
    return PAGES.new()


@bp.route("/purchases/<int:record_id>/edit", methods=["GET", "POST"])
@requires("purchase.write")
def edit_purchase_order(record_id: int):
    """Edit a purchase order; supplier and lines only while it is a draft, nothing once it is
    received or cancelled (back to its page with the reason)."""
    return PAGES.edit(record_id)
