"""A small help-desk plugin used only by the UI shell's tests.

It lives here (imported once per test run) so that its models are declared once even though
each test application loads the plugin package in ``tests/ui_plugins/uitest`` again.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import ForeignKey, String, Text, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core import Manifest, hookimpl
from core.auth import Permission, Role, has_permission
from core.db import UTCDateTime, db
from core.entities import Child, Choice, EntityType, Field, State, Transition
from core.errors import BusinessRuleError
from core.listing import ListFilter, ListSort
from core.ui.badges import Badge
from core.ui.menu import MenuItem
from core.ui.panels import Panel

manifest = Manifest(
    name="uitest",
    version="1.0.0",
    label="Help desk",
    description="Tickets and customers for the UI shell's tests.",
    core=">=0.1",
)

#: every call of the batched badge hook, as the list of record ids it received
BADGE_CALLS: list[list[int]] = []


class UitestCustomer(db.Model):
    """Someone who raises tickets."""

    __tablename__ = "uitest_customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class UitestTicket(db.Model):
    """A support ticket with one field of every type the generic pages show."""

    __tablename__ = "uitest_ticket"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str | None] = mapped_column(String(10), nullable=True)
    amount: Mapped[int | None] = mapped_column(nullable=True)
    urgent: Mapped[bool] = mapped_column(default=False)
    due: Mapped[date | None] = mapped_column(nullable=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("uitest_customer.id"), nullable=True)
    contact: Mapped[str | None] = mapped_column(String(254), nullable=True)
    details: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="new")

    customer: Mapped[UitestCustomer | None] = relationship()
    lines: Mapped[list[UitestTicketLine]] = relationship(
        cascade="all, delete-orphan", order_by="UitestTicketLine.id"
    )


class UitestTicketLine(db.Model):
    """Work logged on a ticket (the ticket's child rows)."""

    __tablename__ = "uitest_ticket_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("uitest_ticket.id", ondelete="CASCADE"))
    description: Mapped[str] = mapped_column(String(200))
    hours: Mapped[int] = mapped_column(default=0)


PRIORITIES = (Choice("low", "Low"), Choice("normal", "Normal"), Choice("high", "High"))


def _visible(stmt, user):
    """Tickets whose subject starts with "Secret" are for holders of uitest.secret only."""
    if has_permission("uitest.secret", user):
        return stmt
    return stmt.where(~UitestTicket.subject.startswith("Secret"))


def _validate(record, values, creating):
    """The subject "forbidden" is refused, to show business checks on forms."""
    if values.get("subject") == "forbidden":
        return {"subject": "this subject is not allowed"}
    return {}


def _on_transition(record, from_state, to_state, actor_id):
    """A ticket worth a million or more cannot be closed (a business rule)."""
    if to_state == "done" and (record.amount or 0) >= 1_000_000:
        raise BusinessRuleError("tickets worth a million or more need a manager")


TICKET = EntityType(
    key="uitest.ticket",
    model=UitestTicket,
    label=_l("Ticket"),
    label_plural=_l("Tickets"),
    fields=(
        Field("subject", "str", "Subject", required=True, max_length=200),
        Field("priority", "choice", "Priority", choices=PRIORITIES),
        Field("amount", "money", "Amount"),
        Field("urgent", "bool", "Urgent"),
        Field("due", "date", "Due"),
        Field("opened_at", "datetime", "Opened at"),
        Field("customer_id", "ref", "Customer", ref="uitest.customer"),
        Field("contact", "email", "Contact"),
        Field("details", "text", "Details", filterable=False, sortable=False),
    ),
    read_permission="uitest.read",
    write_permission="uitest.write",
    states=(
        State("new", "New", tone="info"),
        State("open", "Open", tone="primary"),
        State("done", "Done", final=True, tone="success"),
        State("cancelled", "Cancelled", final=True, tone="secondary"),
    ),
    transitions=(
        Transition("new", "open", "Start work"),
        Transition("open", "done", "Close", permission="uitest.close", tone="success"),
        Transition("new", "cancelled", "Cancel", tone="danger"),
        Transition("open", "cancelled", "Cancel", tone="danger"),
    ),
    initial_state="new",
    title=lambda t: f"T-{t.id} {t.subject}",
    visible=_visible,
    validate=_validate,
    on_transition=_on_transition,
    list_columns=("subject", "priority", "amount", "customer_id", "opened_at"),
    search_fields=("subject", "details"),
    children=(
        Child(
            "lines",
            UitestTicketLine,
            (Field("description", "str", "Work done"), Field("hours", "int", "Hours")),
            label="Work log",
        ),
    ),
)

#: the same tickets as a ``read_only`` type: records its plugin's code writes, which the generic
#: pages and the API only show (every field editable, a workflow: the flag alone forbids)
ARCHIVE = EntityType(
    key="uitest.archive",
    model=UitestTicket,
    label="Archived ticket",
    label_plural="Archived tickets",
    fields=TICKET.fields,
    read_permission="uitest.read",
    write_permission="uitest.write",
    states=TICKET.states,
    transitions=TICKET.transitions,
    initial_state="new",
    title=lambda t: f"A-{t.id} {t.subject}",
    menu=False,
    read_only=True,
)

CUSTOMER = EntityType(
    key="uitest.customer",
    model=UitestCustomer,
    label="Customer",
    label_plural="Customers",
    fields=(Field("name", "str", "Name", required=True, max_length=100),),
    read_permission="uitest.read",
    write_permission="uitest.write",
    title=lambda c: c.name,
    search_fields=("name",),
    default_sort="name",
)


@hookimpl
def register_entities():
    """Tickets, customers and the read-only archive of tickets."""
    return [TICKET, CUSTOMER, ARCHIVE]


@hookimpl
def register_permissions():
    """Reading, writing, closing and seeing secret tickets."""
    return [
        Permission("uitest.read", "Read tickets"),
        Permission("uitest.write", "Write tickets"),
        Permission("uitest.close", "Close tickets"),
        Permission("uitest.secret", "See secret tickets"),
    ]


@hookimpl
def register_roles():
    """A reader, an agent who writes, and a lead who also closes."""
    return [
        Role("uitest_reader", "Reader", frozenset({"uitest.read"})),
        Role("uitest_agent", "Agent", frozenset({"uitest.read", "uitest.write"})),
        Role("uitest_lead", "Lead", frozenset({"uitest.read", "uitest.write", "uitest.close"})),
    ]


@hookimpl
def register_menu():
    """A report for leads (under the plugin's own section) and a page open to everyone."""
    return [
        MenuItem("Closing report", "Help desk", permission="uitest.close", url="/x-report"),
        MenuItem("Team calendar", _l("Team"), url="/x-team", order=5),
    ]


@hookimpl
def record_badges(entity, records, user):
    """A priority badge on every ticket; records each call to prove the hook is batched."""
    if entity.key != "uitest.ticket":
        return None
    BADGE_CALLS.append([r.id for r in records])
    tones = {"high": "danger", "normal": "warning"}
    return {
        r.id: [Badge("uitest", f"P-{r.priority}", tones.get(r.priority, "secondary"), "prio")]
        for r in records
        if r.priority
    }


@hookimpl
def record_panels(entity, record, user):
    """A facts panel on ticket pages."""
    if entity.key != "uitest.ticket":
        return None
    return [Panel("Ticket facts", Markup("<p>Facts about {}</p>").format(escape(record.subject)))]


@hookimpl
def list_filters(entity, user):
    """Tickets of a million or more."""
    if entity.key != "uitest.ticket":
        return None
    return [
        ListFilter(
            "size",
            _l("Size"),
            (Choice("big", "Big ones"),),
            lambda stmt, value: stmt.where(UitestTicket.amount >= 1_000_000),
        )
    ]


@hookimpl
def list_sorts(entity, user):
    """Urgent tickets first."""
    if entity.key != "uitest.ticket":
        return None
    return [
        ListSort(
            "urgency",
            "Urgency",
            lambda stmt, descending: stmt.order_by(
                UitestTicket.urgent.asc() if descending else UitestTicket.urgent.desc(),
                UitestTicket.id.asc(),
            ),
        )
    ]


@hookimpl
def dashboard_widgets(user):
    """How many tickets are open, for those who may read them."""
    if not has_permission("uitest.read", user):
        return []
    count = db.session.scalar(
        db.select(db.func.count())
        .select_from(UitestTicket)
        .where(or_(UitestTicket.state == "new", UitestTicket.state == "open"))
    )
    return [Panel("Open tickets", Markup("<p class='display-6'>{}</p>").format(count))]
