"""Business rules of CRM writes: field checks, defaults and the customer tier kept on tickets.

The ``validate_*`` functions are the entity types' ``validate`` callables: they get the record
with the new values already assigned and return ``{field: message}`` for what is wrong.

A customer's or lead's owner and a ticket's assignee is someone who works on that type: an
active account holding its write permission (``crm.write``: the ``sales`` and ``support``
roles). Naming anyone else is refused in the very words a missing id gets
(``core.errors.no_such_record``), so that the answer never tells which user ids exist. A
record keeps a person who has since left until someone names another.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import inspect

from core.auth import has_permission
from core.change_hooks import tell_plugins
from core.db import db
from core.errors import no_such_record
from core.models import User
from plugins.crm.checks import is_phone, is_tax_code
from plugins.crm.departments import known_department
from plugins.crm.models import Customer, Lead, Ticket


def validate_customer(record: Customer, values: dict, creating: bool) -> dict[str, str]:
    """Tax code shape and uniqueness, phone shape, an owner who works on customers."""
    errors: dict[str, str] = {}
    with db.session.no_autoflush:
        if record.tax_code:
            if not is_tax_code(record.tax_code):
                errors["tax_code"] = _(
                    "A tax code is 10 digits, or 10 digits, a dash and 3 digits "
                    "(0101234567 or 0101234567-001)."
                )
            elif _tax_code_taken(record):
                errors["tax_code"] = _("Another customer already has this tax code.")
        _check_phone(record, errors)
        _check_person(record, "crm.customer", "owner_id", creating, errors)
    return errors


def validate_lead(record: Lead, values: dict, creating: bool) -> dict[str, str]:
    """Phone shape, an owner who works on leads, a non-negative estimated value."""
    errors: dict[str, str] = {}
    with db.session.no_autoflush:
        _check_phone(record, errors)
        _check_person(record, "crm.lead", "owner_id", creating, errors)
        if record.estimated_value is not None and record.estimated_value < 0:
            errors["estimated_value"] = _("The estimated value cannot be negative.")
    return errors


def lead_defaults(actor_id: int | None) -> dict[str, Any]:
    """A lead created without an owner belongs to the person who created it."""
    return {"owner_id": actor_id} if actor_id is not None else {}


def ticket_defaults(actor_id: int | None) -> dict[str, Any]:
    """A new ticket is of normal priority and came by e-mail unless the caller says otherwise."""
    return {"priority": "normal", "channel": "email"}


def validate_ticket(record: Ticket, values: dict, creating: bool) -> dict[str, str]:
    """An existing customer (whose tier the ticket copies), an assignee who works on tickets,
    a known department."""
    errors: dict[str, str] = {}
    with db.session.no_autoflush:
        customer = db.session.get(Customer, record.customer_id) if record.customer_id else None
        if record.customer_id and customer is None:
            errors["customer_id"] = _("No such customer.")
        elif customer is not None:
            record.customer = customer
            record.customer_tier = customer.tier
        _check_person(record, "crm.ticket", "assignee_id", creating, errors)
        if record.department:
            canonical = known_department(record.department)
            if canonical is None:
                errors["department"] = _("Unknown department code.")
            else:
                record.department = canonical
    return errors


def sync_ticket_tiers(customer: Customer, actor_id: int | None) -> list[Ticket]:
    """Copy ``customer``'s tier onto each of its tickets, in the current transaction.

    Each changed ticket gets an audit line and an ``entity_updated`` call (change
    ``customer_tier``) so that plugins filtering on the tier (SLA policies) can react.
    """
    from core.records import audit, entity_type

    tickets = (
        db.session.execute(
            db.select(Ticket).where(
                Ticket.customer_id == customer.id, Ticket.customer_tier != customer.tier
            )
        )
        .scalars()
        .all()
    )
    if not tickets:
        return []
    entity = entity_type("crm.ticket")
    for ticket in tickets:
        old = ticket.customer_tier
        ticket.customer_tier = customer.tier
        db.session.flush()
        changes: dict[str, tuple[Any, Any]] = {"customer_tier": (old, customer.tier)}
        audit(
            entity,
            ticket,
            "updated",
            actor_id=actor_id,
            changes={"customer_tier": [old, customer.tier]},
        )
        tell_plugins(
            "entity_updated", entity=entity, record=ticket, changes=changes, actor_id=actor_id
        )
    return tickets


def _tax_code_taken(record: Customer) -> bool:
    stmt = db.select(Customer.id).where(Customer.tax_code == record.tax_code)
    if record.id is not None:
        stmt = stmt.where(Customer.id != record.id)
    return db.session.execute(stmt.limit(1)).first() is not None


def _check_phone(record: Any, errors: dict[str, str]) -> None:
    if record.phone and not is_phone(record.phone):
        errors["phone"] = _("A phone number holds 8 to 15 digits, spaces and an optional +.")


def works_on(entity_key: str, user: User | None) -> bool:
    """Whether ``user`` may own or be assigned records of ``entity_key``: an active account
    holding the type's write permission."""
    from core.records import entity_type

    permission = entity_type(entity_key).write_permission
    return user is not None and user.active and has_permission(permission, user)


def _check_person(
    record: Any, entity_key: str, field: str, creating: bool, errors: dict[str, str]
) -> None:
    """Refuse a newly named owner or assignee (``field``) who does not work on the type."""
    user_id = getattr(record, field)
    if user_id is None:
        return
    if not creating and not inspect(record).attrs[field].history.has_changes():
        return  # kept as it was: a person who has since left stays until someone names another
    if not works_on(entity_key, db.session.get(User, user_id)):
        # the very words the API uses for a missing id: the caller may not read users,
        # so the answer must not tell whether the id exists
        errors[field] = no_such_record("core.user", user_id)
