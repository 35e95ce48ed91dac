"""Business rules of sales orders: checks and defaults of writes, numbering, the stock effects
of the workflow, and who is responsible for each step. Who may change an order, and at what
price, is in ``plugins.orders.ownership``."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import inspect

from core.db import db
from core.errors import BusinessRuleError, no_such_record
from core.models import User
from plugins.crm.models import Customer
from plugins.orders import ownership, stock
from plugins.orders.access import WRITE
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
    """An existing customer (whose tier the order copies); a salesperson who takes sales orders;
    products that exist; customer and lines frozen after the draft, everything once delivered or
    cancelled (BusinessRuleError); defaults for priority, channel and line prices."""
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
        if _salesperson_set(record, creating) and not ownership.takes_sales_orders(
            db.session.get(User, record.salesperson_id)
        ):
            # the very words the API uses for a missing id: the caller may not read users,
            # so the answer must not tell whether the id exists
            errors["salesperson_id"] = no_such_record("core.user", record.salesperson_id)
        record.priority = record.priority or "normal"
        record.channel = record.channel or "web"
        if creating or "lines" in values:
            price_lines(record, "unit_price", errors, default_price=True)
            check_has_lines(record, values, errors)
    return errors


def _salesperson_set(record: SalesOrder, creating: bool) -> bool:
    """Whether this write names a salesperson (a new order's, or a changed one)."""
    if record.salesperson_id is None:
        return False
    return creating or inspect(record).attrs.salesperson_id.history.has_changes()


def on_sales_order_created(record: SalesOrder, values: dict, actor_id: int | None) -> None:
    """On creation: the next ``SO-YYYY-NNNNN`` of the creation year; discounts need
    ``orders.discount``."""
    ownership.check_discounts(record.lines, (), actor_id, "unit_price")
    record.number = next_number("SO", record.created_at)


def check_sales_order_edit(record: SalesOrder, changes: dict, actor_id: int | None) -> None:
    """After an edit (``entity_updated``): the order was the actor's to change (its salesperson
    before the change, or a sales manager) and new discounts are allowed. Changes of derived
    fields only (the customer's tier copied by the system) are nobody's edit."""
    from core.records import entity_type

    entity = entity_type("orders.sales_order")
    edited = [
        name
        for name in changes
        if entity.child(name) is not None
        or (entity.has_field(name) and entity.field(name).editable)
    ]
    if not edited:
        return
    owner = changes["salesperson_id"][0] if "salesperson_id" in changes else record.salesperson_id
    ownership.check_change(record, owner, actor_id)
    if "lines" in changes:
        ownership.check_discounts(record.lines, changes["lines"][0], actor_id, "unit_price")


def on_sales_transition(
    record: SalesOrder, from_state: str, to_state: str, actor_id: int | None
) -> None:
    """Sales moves (confirm, cancel: ``orders.write``) are the salesperson's or a sales
    manager's; then the stock effects (``move_stock``)."""
    from core.records import entity_type

    entity = entity_type("orders.sales_order")
    move = next((t for t in entity.transitions_from(from_state) if t.target == to_state), None)
    if move is not None and entity.transition_permission(move) == WRITE:
        ownership.check_change(record, record.salesperson_id, actor_id)
    move_stock(record, from_state, to_state, actor_id)


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
