"""Business rules of purchase orders: checks of writes, numbering, receiving into stock."""

from __future__ import annotations

from sqlalchemy import inspect

from core.auth import has_permission
from core.db import db
from core.errors import no_such_record
from core.models import User
from plugins.orders import stock
from plugins.orders.access import PURCHASE
from plugins.orders.lines import (
    check_draft_only,
    check_has_lines,
    check_not_closed,
    price_lines,
)
from plugins.orders.models import PurchaseOrder
from plugins.orders.numbering import next_number

DRAFT_ONLY = ("supplier", "lines")


def validate_purchase_order(record: PurchaseOrder, values: dict, creating: bool) -> dict[str, str]:
    """Products that exist, a unit cost on each line, a buyer who handles purchases; supplier
    and lines frozen once the order has been sent, everything once received or cancelled
    (BusinessRuleError)."""
    errors: dict[str, str] = {}
    check_not_closed("orders.purchase_order", record, creating)
    with db.session.no_autoflush:
        check_draft_only(record, values, creating, DRAFT_ONLY, errors)
        if errors:
            return errors
        if _buyer_set(record, creating) and not _buys(db.session.get(User, record.buyer_id)):
            # the very words the API uses for a missing id: the caller may not read users,
            # so the answer must not tell whether the id exists
            errors["buyer_id"] = no_such_record("core.user", record.buyer_id)
        if creating or "lines" in values:
            price_lines(record, "unit_cost", errors, default_price=False)
            check_has_lines(record, values, errors)
    return errors


def _buyer_set(record: PurchaseOrder, creating: bool) -> bool:
    if record.buyer_id is None:
        return False
    return creating or inspect(record).attrs.buyer_id.history.has_changes()


def _buys(user: User | None) -> bool:
    return user is not None and user.active and has_permission(PURCHASE, user)


def number_purchase_order(record: PurchaseOrder, values: dict, actor_id: int | None) -> None:
    """On creation: the next ``PO-YYYY-NNNNN`` of the creation year."""
    record.number = next_number("PO", record.created_at)


def receive_goods(
    record: PurchaseOrder, from_state: str, to_state: str, actor_id: int | None
) -> None:
    """Receiving the order adds every line's quantity to stock on hand (the move needs
    ``warehouse.operate``: the warehouse counts what arrives)."""
    if to_state == "received":
        stock.receive(record.lines)


def responsible_department(record: PurchaseOrder) -> str | None:
    """The warehouse answers for receiving a confirmed purchase; nobody else is tracked."""
    return "WAREHOUSE" if record.state == "confirmed" else None


def title(record: PurchaseOrder) -> str:
    """``PO-2026-00003 · Công ty CP Thực phẩm Sài Gòn``"""
    number = record.number or f"#{record.id}"
    return f"{number} · {record.supplier}"
