"""Creating and editing purchase orders with their lines."""

from __future__ import annotations

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _

from core import records
from core.auth import requires
from core.ui.links import record_url
from plugins.orders.lines import closed_refusal
from plugins.orders.views import bp
from plugins.orders.views.forms import (
    BLANK_ROWS,
    EXTRA_ROWS,
    PurchaseOrderForm,
    PurchaseOrderHeaderForm,
    prepare_purchase_form,
)
from plugins.orders.views.saving import save_order

ENTITY = "orders.purchase_order"
DRAFT_HEADER = ("supplier", "supplier_ref")
LATER_HEADER = ("supplier_ref",)
LINE_FIELDS = ("product_id", "quantity", "unit_cost")


@bp.route("/purchases/new", methods=["GET", "POST"])
@requires("purchase.write")
def new_purchase_order():
    """A new purchase order: supplier and lines (saved as a draft)."""
    entity = records.entity_type(ENTITY)
    form = PurchaseOrderForm()
    prepare_purchase_form(form, 0 if form.is_submitted() else BLANK_ROWS)
    if form.validate_on_submit():
        order = save_order(entity, form, DRAFT_HEADER, with_lines=True)
        if order is not None:
            flash(_("Purchase order %(number)s created.", number=order.number), "success")
            return redirect(record_url(entity, order))
    return _page(entity, form, None, draft=True)


@bp.route("/purchases/<int:record_id>/edit", methods=["GET", "POST"])
@requires("purchase.write")
def edit_purchase_order(record_id: int):
    """Edit a purchase order; supplier and lines only while it is a draft, nothing once it is
    received or cancelled (back to its page with the reason)."""
    entity = records.entity_type(ENTITY)
    order = records.get_record(entity, record_id)
    refusal = closed_refusal(entity, order)
    if refusal:
        flash(refusal, "warning")
        return redirect(record_url(entity, order))
    draft = order.state == "draft"
    form_class = PurchaseOrderForm if draft else PurchaseOrderHeaderForm
    form = form_class(obj=None if request.method == "POST" else order)
    prepare_purchase_form(form, 0 if form.is_submitted() else EXTRA_ROWS)
    if form.validate_on_submit():
        header = DRAFT_HEADER if draft else LATER_HEADER
        if save_order(entity, form, header, order, with_lines=draft) is not None:
            flash(_("Purchase order %(number)s saved.", number=order.number), "success")
            return redirect(record_url(entity, order))
    return _page(entity, form, order, draft=draft)


def _page(entity, form, order, *, draft: bool):
    if order is None:
        title = _("New purchase order")
    else:
        title = _("Edit %(title)s", title=entity.title_of(order))
    return render_template(
        "orders/order_form.html",
        entity=entity,
        form=form,
        record=order,
        title=title,
        header=DRAFT_HEADER if draft else LATER_HEADER,
        line_fields=LINE_FIELDS,
        price_field="unit_cost",
        editable_lines=draft,
    )
