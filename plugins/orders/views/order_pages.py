"""The create and edit pages of orders with lines, shared by sales and purchase orders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _

from core import records
from core.errors import Conflict, PermissionDenied
from core.ui.conflicts import VERSION_INPUT, stale_save
from core.ui.links import record_url
from core.versions import parse_version, version_of
from plugins.orders.lines import closed_refusal
from plugins.orders.views.forms import BLANK_ROWS, EXTRA_ROWS
from plugins.orders.views.saving import save_order


@dataclass(frozen=True)
class OrderPages:
    """What differs between the kinds of order: the entity, its forms, which header fields are
    editable in draft and later, the line fields, the page's words, and (``refusal``) why the
    viewer may not edit a given order at all (answered 403 before the form is shown; the
    service functions refuse the same change whatever page or API call asks)."""

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
    refusal: Callable[[object], str | None] | None = None

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
        forbidden = self.refusal(order) if self.refusal else None
        if forbidden:
            raise PermissionDenied(forbidden)
        draft = order.state == "draft"
        form_class = self.form if draft else self.header_form
        form = form_class(obj=None if request.method == "POST" else order)
        self.prepare(form, 0 if form.is_submitted() else EXTRA_ROWS)
        if request.method == "POST":
            seen = request.form.get(VERSION_INPUT)
        else:
            seen = version_of(entity.key, order.id)
        if form.validate_on_submit():
            header = self.draft_header if draft else self.later_header
            version = parse_version(seen, VERSION_INPUT)
            try:
                saved = save_order(entity, form, header, order, with_lines=draft, version=version)
            except Conflict as conflict:
                return self._stale(entity, form, order, conflict, draft=draft)
            if saved is not None:
                flash(self.saved(order.number), "success")
                return redirect(record_url(entity, order))
        return self._page(entity, form, order, draft=draft, version=seen)

    def _stale(self, entity, form, order, conflict: Conflict, *, draft: bool):
        """Someone else changed the order since the form was opened: the form again (409)
        with the viewer's values, what changed and the current version; or, if the order is
        closed now, its page with the reason."""
        refusal = closed_refusal(entity, order)
        if refusal:
            flash(refusal, "warning")
            return redirect(record_url(entity, order))
        page = self._page(
            entity,
            form,
            order,
            draft=draft,
            version=version_of(entity.key, order.id),
            stale=stale_save(entity, order, conflict),
        )
        return page, 409

    def _page(self, entity, form, order, *, draft: bool, version=None, stale=None):
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
            version=version,
            version_input=VERSION_INPUT,
            stale=stale,
        )
