"""The create and edit pages of orders with lines, shared by sales and purchase orders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _

from core import records
from core.ui.links import record_url
from plugins.orders.lines import closed_refusal
from plugins.orders.views.forms import BLANK_ROWS, EXTRA_ROWS
from plugins.orders.views.saving import save_order


@dataclass(frozen=True)
class OrderPages:
    """What differs between the kinds of order: the entity, its forms, which header fields are
    editable in draft and later, the line fields, and the page's words."""

    entity: str
    form: type
    header_form: type
    prepare: Callable
    draft_header: tuple[str, ...]
    later_header: tuple[str, ...]
    line_fields: tuple[str, ...]
    price_field: str
    new_title: Callable[[], str]
    created: Callable[[str], str]
    saved: Callable[[str], str]

    def new(self):
        """A new order: header and lines, saved as a draft."""
        entity = records.entity_type(self.entity)
        form = self.form()
        self.prepare(form, 0 if form.is_submitted() else BLANK_ROWS)
        if form.validate_on_submit():
            order = save_order(entity, form, self.draft_header, with_lines=True)
            if order is not None:
                flash(self.created(order.number), "success")
                return redirect(record_url(entity, order))
        return self._page(entity, form, None, draft=True)

    def edit(self, record_id: int):
        """Edit an order: lines only in draft, nothing once closed (back with the reason)."""
        entity = records.entity_type(self.entity)
        order = records.get_record(entity, record_id)
        refusal = closed_refusal(entity, order)
        if refusal:
            flash(refusal, "warning")
            return redirect(record_url(entity, order))
        draft = order.state == "draft"
        form_class = self.form if draft else self.header_form
        form = form_class(obj=None if request.method == "POST" else order)
        self.prepare(form, 0 if form.is_submitted() else EXTRA_ROWS)
        if form.validate_on_submit():
            header = self.draft_header if draft else self.later_header
            if save_order(entity, form, header, order, with_lines=draft) is not None:
                flash(self.saved(order.number), "success")
                return redirect(record_url(entity, order))
        return self._page(entity, form, order, draft=draft)

    def _page(self, entity, form, order, *, draft: bool):
        if order is None:
            title = self.new_title()
        else:
            title = _("Edit %(title)s", title=entity.title_of(order))
        return render_template(
            "orders/order_form.html",
            entity=entity,
            form=form,
            record=order,
            title=title,
            header=self.draft_header if draft else self.later_header,
            line_fields=self.line_fields,
            price_field=self.price_field,
            editable_lines=draft,
        )
