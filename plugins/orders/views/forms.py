"""Order forms: header fields and rows of lines (a FieldList that works without JavaScript;
a small script adds and removes rows)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from core.db import db
from plugins.crm.models import Customer
from plugins.orders.entities import CHANNEL_CHOICES, PRIORITY_CHOICES
from plugins.orders.models import Product

#: blank line rows a new order shows, so that the form works without JavaScript
BLANK_ROWS = 5
#: blank rows added below the existing lines of an order being edited
EXTRA_ROWS = 3


class SalesLineForm(Form):
    """One row of a sales order: a product, a quantity, and an optional price."""

    product_id = SelectField(_l("Product"), validate_choice=False)
    quantity = IntegerField(_l("Quantity"), validators=[Optional()])
    unit_price = IntegerField(_l("Unit price (VND)"), validators=[Optional()])


class PurchaseLineForm(Form):
    """One row of a purchase order: a product, a quantity and the unit cost."""

    product_id = SelectField(_l("Product"), validate_choice=False)
    quantity = IntegerField(_l("Quantity"), validators=[Optional()])
    unit_cost = IntegerField(_l("Unit cost (VND)"), validators=[Optional()])


class SalesOrderHeaderForm(FlaskForm):
    """What may still change once a sales order is confirmed: priority, channel, reference."""

    priority = SelectField(_l("Priority"))
    channel = SelectField(_l("Channel"))
    customer_ref = StringField(_l("Customer reference"), validators=[Optional(), Length(max=60)])


class SalesOrderForm(SalesOrderHeaderForm):
    """A draft sales order: customer, priority, channel, reference and lines."""

    customer_id = SelectField(_l("Customer"), validators=[DataRequired()])
    lines = FieldList(FormField(SalesLineForm))


class PurchaseOrderHeaderForm(FlaskForm):
    """What may still change once a purchase order is sent: the supplier's reference."""

    supplier_ref = StringField(_l("Supplier reference"), validators=[Optional(), Length(max=60)])


class PurchaseOrderForm(PurchaseOrderHeaderForm):
    """A draft purchase order: supplier, reference and lines."""

    supplier = StringField(_l("Supplier"), validators=[DataRequired(), Length(max=200)])
    lines = FieldList(FormField(PurchaseLineForm))


def product_choices() -> list[SelectChoice]:
    """Every product as an option (its price in ``data-price`` for the script), blank first."""
    products = db.session.execute(db.select(Product).order_by(Product.name)).scalars()
    return [SelectChoice("", "—")] + [
        SelectChoice(str(p.id), f"{p.name} ({p.sku})", render_kw={"data-price": p.unit_price})
        for p in products
    ]


def customer_choices() -> list[SelectChoice]:
    """Every customer as an option, blank first."""
    rows = db.session.execute(db.select(Customer.id, Customer.name).order_by(Customer.name))
    return [SelectChoice("", "—")] + [SelectChoice(str(i), name) for i, name in rows]


def entity_choices(choices) -> list[SelectChoice]:
    """Options from an entity field's ``Choice`` tuple."""
    return [SelectChoice(c.value, c.text) for c in choices]


def prepare_sales_form(form: SalesOrderHeaderForm, blank_rows: int) -> None:
    """Fill the select options and (on a full form) pad the lines with ``blank_rows`` rows."""
    form.priority.choices = entity_choices(PRIORITY_CHOICES)
    form.channel.choices = entity_choices(CHANNEL_CHOICES)
    if isinstance(form, SalesOrderForm):
        form.customer_id.choices = customer_choices()
        _prepare_lines(form, blank_rows)


def prepare_purchase_form(form: PurchaseOrderHeaderForm, blank_rows: int) -> None:
    """On a full form, fill the product options and pad the lines with ``blank_rows`` rows."""
    if isinstance(form, PurchaseOrderForm):
        _prepare_lines(form, blank_rows)


def _prepare_lines(form, blank_rows: int) -> None:
    for _ in range(max(blank_rows, 1 - len(form.lines.entries))):
        form.lines.append_entry()
    choices = product_choices()
    for entry in form.lines:
        entry.form.product_id.choices = choices


def filled_rows(form) -> list[tuple[int, dict]]:
    """``(row index, line values)`` of the rows that name a product; blank rows are skipped.
    Empty prices are left out, so the service functions apply their defaults."""
    rows = []
    for index, entry in enumerate(form.lines):
        data = entry.form.data
        if not data.get("product_id"):
            continue
        values = {k: v for k, v in data.items() if v is not None and k != "csrf_token"}
        values.setdefault("quantity", None)
        rows.append((index, values))
    return rows
