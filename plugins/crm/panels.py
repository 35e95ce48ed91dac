"""The customer page's panel of recent tickets (served through ``record_panels``)."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func

from core.auth import has_permission
from core.db import db
from core.listing import ListQuery, list_records
from core.records import entity_type
from core.ui.badges import badges_for
from core.ui.links import create_url, list_url, record_url
from core.ui.panels import Panel
from plugins.crm.entities import WORKING_STATES
from plugins.crm.models import Customer, Ticket

RECENT = 10
#: the role whose daily work tickets are: its holders always see their tickets' card
SUPPORT_ROLE = "support"


def recent_tickets(customer: Customer, limit: int = RECENT) -> list[Ticket]:
    """The customer's latest tickets, newest first."""
    stmt = (
        db.select(Ticket)
        .where(Ticket.customer_id == customer.id)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def open_ticket_count(customer: Customer) -> int:
    """How many of the customer's tickets still need work (new, open, waiting)."""
    stmt = (
        db.select(func.count())
        .select_from(Ticket)
        .where(Ticket.customer_id == customer.id, Ticket.state.in_(WORKING_STATES))
    )
    return db.session.execute(stmt).scalar_one()


def recent_tickets_panel(customer: Customer, user: Any) -> Panel:
    """A panel listing ``customer``'s recent tickets with their state, priority and assignee."""
    entity = entity_type("crm.ticket")
    tickets = recent_tickets(customer)
    html = render_template(
        "crm/customer_tickets_panel.html",
        entity=entity,
        customer=customer,
        tickets=tickets,
        open_count=open_ticket_count(customer),
        links={t.id: record_url(entity, t) for t in tickets},
        all_url=list_url(entity, customer_id=customer.id),
        new_url=create_url(entity) if has_permission(entity.write_permission, user) else None,
    )
    return Panel(title=_l("Recent tickets"), html=Markup(html), order=50, source="crm")


def my_tickets_widget(user: Any, limit: int = 8) -> Panel | None:
    """The dashboard card of tickets assigned to ``user`` that still need work, in the ticket
    list's default order (by urgency when SLA tracks tickets: the nearest deadline first), with
    their badges, and "8 of 11" when it shows only some.

    Shown to whoever has such tickets, and (empty) to support staff, whose daily work they
    are; None for anyone else (a salesperson without tickets) and for those who may not read
    tickets.
    """
    entity = entity_type("crm.ticket")
    if not has_permission(entity.read_permission, user):
        return None
    mine = {"assignee_id": str(user.id), "state__in": ",".join(WORKING_STATES)}
    page = list_records(entity, user, ListQuery(filters=mine, per_page=limit))
    tickets = page.items
    if not tickets and SUPPORT_ROLE not in (getattr(user, "roles", None) or ()):
        return None
    html = render_template(
        "crm/my_tickets_widget.html",
        entity=entity,
        tickets=tickets,
        total=page.total,
        badges=badges_for(entity, tickets, user),
        links={t.id: record_url(entity, t) for t in tickets},
        all_url=url_for("crm.my_tickets"),
    )
    return Panel(title=_l("My tickets"), html=Markup(html), order=30, source="crm")
