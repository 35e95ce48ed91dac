"""Rules shared by sales and purchase orders: lines (products checked, prices, amounts,
totals), what may change after the draft, and nothing once the order is closed."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from core.db import db
from core.errors import BusinessRuleError
from core.ui.wording import in_sentence
from plugins.orders.models import Product

DRAFT = "draft"
#: the most lines an order holds (a longer list is split into several orders)
MAX_LINES = 500


def price_lines(
    record: Any, price_attr: str, errors: dict[str, str], *, default_price: bool
) -> None:
    """Check each line's product, fill the price (``unit_price`` defaults to the product's when
    ``default_price``), compute line amounts and the record's ``total``; add messages to
    ``errors`` keyed like the API (``lines[0].product_id``). Call with autoflush off."""
    total = 0
    for index, line in enumerate(record.lines):
        product = db.session.get(Product, line.product_id) if line.product_id else None
        if product is None:
            errors[f"lines[{index}].product_id"] = _("No such product.")
            continue
        line.product = product
        price = getattr(line, price_attr)
        if price is None and default_price:
            price = product.unit_price
            setattr(line, price_attr, price)
        if price is None:
            errors[f"lines[{index}].{price_attr}"] = _("required")
            continue
        line.amount = line.quantity * price
        total += line.amount
    record.total = total


def check_draft_only(
    record: Any, values: dict, creating: bool, names: tuple[str, ...], errors: dict[str, str]
) -> None:
    """Refuse changes of ``names`` once the record has left the draft state."""
    if creating or record.state == DRAFT:
        return
    for name in names:
        if name in values:
            errors[name] = _("This can be changed only while the order is a draft.")


def check_has_lines(record: Any, values: dict, errors: dict[str, str]) -> None:
    """An order keeps at least one line, and at most ``MAX_LINES``."""
    if "lines" not in values or "lines" in errors:
        return
    if not record.lines:
        errors["lines"] = _("An order needs at least one line.")
    elif len(record.lines) > MAX_LINES:
        errors["lines"] = _("An order has at most %(n)d lines.", n=MAX_LINES)


def closed_refusal(entity: Any, record: Any) -> str | None:
    """Why ``record`` of ``entity`` (an order type) can no longer be changed: it is in a final
    state (delivered, received, cancelled). None while it is open."""
    if record.state not in entity.final_states:
        return None
    state = entity.state(record.state)
    return _(
        "%(number)s is %(state)s and can no longer be changed.",
        number=record.number or f"#{record.id}",
        state=in_sentence(state.text if state else record.state),
    )


def check_not_closed(entity_key: str, record: Any, creating: bool) -> None:
    """Refuse every change of an order in a final state (its history may still grow: notes)."""
    if creating:
        return
    from core.records import entity_type

    refusal = closed_refusal(entity_type(entity_key), record)
    if refusal:
        raise BusinessRuleError(refusal)
