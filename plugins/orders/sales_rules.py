"""Business rules of sales orders: checks and defaults of writes, numbering, the stock effects
of the workflow, and who is responsible for each step."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from core.db import db
from core.errors import BusinessRuleError
from core.models import User
from plugins.crm.models import Customer
from plugins.orders import stock
from plugins.orders.lines import (
    check_draft_only,
    check_has_lines,
    check_not_closed,
    price_lines,
)
from plugins.orders.models import SalesOrder
from plugins.orders.numbering import next_number

DRAFT_ONLY = ("customer_id", "lines")
#: the department in charge of each open step (SLA measures each step against it)
DEPARTMENT_BY_STATE = {
    "draft": "SALES",
    "confirmed": "SALES",
    "picking": "WAREHOUSE",
    "packed": "WAREHOUSE",
    "shipped": "WAREHOUSE",
}
RESERVED_STATES = ("confirmed", "picking", "packed")


def validate_sales_order(record: SalesOrder, values: dict, creating: bool) -> dict[str, str]:
    """An existing customer (whose tier the order copies) and salesperson; products that exist;
    customer and lines frozen after the draft, everything once delivered or cancelled
    (BusinessRuleError); defaults for priority, channel and line prices."""
    errors: dict[str, str] = {}
    check_not_closed("orders.sales_order", record, creating)
    with db.session.no_autoflush:
        check_draft_only(record, values, creating, DRAFT_ONLY, errors)
        if errors:
            return errors
        customer = db.session.get(Customer, record.customer_id) if record.customer_id else None
        if record.customer_id and customer is None:
            errors["customer_id"] = _("No such customer.")
        elif customer is not None:
            record.customer = customer
            record.customer_tier = customer.tier
        if (
            record.salesperson_id is not None
            and db.session.get(User, record.salesperson_id) is None
        ):
            errors["salesperson_id"] = _("No such user.")
        record.priority = record.priority or "normal"
        record.channel = record.channel or "web"
        if creating or "lines" in values:
            price_lines(record, "unit_price", errors, default_price=True)
            check_has_lines(record, values, errors)
    return errors


def number_sales_order(record: SalesOrder, values: dict, actor_id: int | None) -> None:
    """On creation: the next ``SO-YYYY-NNNNN`` of the creation year."""
    record.number = next_number("SO", record.created_at)


def move_stock(record: SalesOrder, from_state: str, to_state: str, actor_id: int | None) -> None:
    """Confirming reserves stock (or is refused, naming every short product); shipping
    consumes the reservation; cancelling a confirmed order releases it."""
    if to_state == "confirmed":
        if not record.lines:
            raise BusinessRuleError(_("An order without lines cannot be confirmed."))
        stock.reserve(record.lines)
    elif to_state == "shipped":
        stock.consume(record.lines)
    elif to_state == "cancelled" and from_state in RESERVED_STATES:
        stock.release(record.lines)


def responsible_department(record: SalesOrder) -> str | None:
    """SALES until the order is confirmed, WAREHOUSE while it is picked, packed and shipped."""
    return DEPARTMENT_BY_STATE.get(record.state)


def title(record: SalesOrder) -> str:
    """``SO-2026-00012 · Công ty TNHH Minh Phát``"""
    number = record.number or f"#{record.id}"
    customer: Any = record.customer
    return f"{number} · {customer.name}" if customer is not None else number
