"""Who may change which sales order, and at what price.

A sales order belongs to its salesperson. Everyone with ``orders.read`` may read it; changing it
(editing the header or the lines, confirming, cancelling) is for its salesperson or a holder of
``orders.manage_all`` (the ``sales_manager`` role, administrators). The warehouse's steps are
not changes of this kind: they need ``warehouse.operate`` on any order. Changes the system makes
itself (``actor_id`` None: SLA escalations, the copy of a customer's tier, imports) pass.

A line priced below its product's price needs ``orders.discount``; a line kept unchanged from
before the change (same product, same price) is not a new discount.

These checks run in the service layer (``core.records`` through the entity's ``on_create``,
``on_transition`` and the ``entity_updated`` hook), so the order forms, the generic pages and
the JSON API all obey them; the same rule is the entity's ``can_change``, by which the pages
hide the buttons of changes the viewer may not make.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _

from core.auth import has_permission
from core.db import db
from core.errors import PermissionDenied, ValidationError
from core.models import User
from core.ui.display import format_money
from plugins.orders.access import DISCOUNT, MANAGE_ALL, WRITE


def actor(user_id: int | None) -> User | None:
    """The user behind ``user_id`` (None for the system)."""
    return db.session.get(User, user_id) if user_id is not None else None


def may_change(salesperson_id: int | None, user: Any) -> bool:
    """Whether ``user`` may change an order of ``salesperson_id``: its salesperson, or a sales
    manager. ``user`` None is the system."""
    if user is None:
        return True
    if has_permission(MANAGE_ALL, user):
        return True
    return salesperson_id is not None and salesperson_id == user.id and has_permission(WRITE, user)


def may_change_order(order: Any, user: Any) -> bool:
    """The sales order's ``can_change``: whether ``user`` may change ``order`` (the pages show
    Edit, Confirm and Cancel only then)."""
    return may_change(order.salesperson_id, user)


def change_refusal(order: Any, salesperson_id: int | None, user: Any) -> str | None:
    """Why ``user`` may not change ``order`` (owned by ``salesperson_id``), or None."""
    if may_change(salesperson_id, user):
        return None
    owner = db.session.get(User, salesperson_id) if salesperson_id is not None else None
    number = order.number or f"#{order.id}"
    if owner is None:
        return _(
            "%(number)s has no salesperson: only a sales manager can change it.", number=number
        )
    return _(
        "%(number)s belongs to %(name)s: only they or a sales manager can change it.",
        number=number,
        name=owner.name,
    )


def check_change(order: Any, salesperson_id: int | None, actor_id: int | None) -> None:
    """Refuse (403) a change of ``order`` by someone who may not make it."""
    refusal = change_refusal(order, salesperson_id, actor(actor_id))
    if refusal:
        raise PermissionDenied(refusal)


def takes_sales_orders(user: User | None) -> bool:
    """Whether ``user`` may be an order's salesperson: an active account holding
    ``orders.write`` (the ``sales`` and ``sales_manager`` roles, administrators)."""
    return user is not None and user.active and has_permission(WRITE, user)


def check_discounts(
    lines: Iterable[Any], before: Iterable[dict], actor_id: int | None, price_attr: str
) -> None:
    """Refuse lines priced below their product's price (ValidationError naming each line),
    unless the actor holds ``orders.discount`` or the line is unchanged from ``before``."""
    user = actor(actor_id)
    if user is None or has_permission(DISCOUNT, user):
        return
    kept = {(row.get("product_id"), row.get(price_attr)) for row in before}
    errors: dict[str, str] = {}
    for index, line in enumerate(lines):
        price = getattr(line, price_attr)
        product = line.product
        if product is None or price is None or price >= product.unit_price:
            continue
        if (line.product_id, price) in kept:
            continue
        errors[f"lines[{index}].{price_attr}"] = _(
            "Below the product's price (%(price)s): selling at a discount needs a sales "
            "manager (permission orders.discount).",
            price=format_money(product.unit_price),
        )
    if errors:
        raise ValidationError(errors)
