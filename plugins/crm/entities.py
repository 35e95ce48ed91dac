"""The CRM's entity types: customers, leads and tickets, as the registry describes them.

Workflows
---------
Lead: ``new → contacted → qualified → won``; a lead can be ``lost`` from any open state
(``new``, ``contacted``, ``qualified``). ``won`` and ``lost`` are final: a lost prospect who comes
back is a new lead.

Ticket: ``new → open`` (someone took it), ``open ⇄ waiting_customer`` (paused on the customer),
``open → resolved`` and ``waiting_customer → resolved`` (the customer confirmed the fix),
``new → resolved`` (answered at first contact), ``resolved → closed``, and reopening
``resolved → open`` and ``closed → open``. ``closed`` is the only final state; SLA targets name
the states they stop on in their own configuration.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.entities import Choice, EntityType, Field, State, Transition
from plugins.crm import rules
from plugins.crm.models import CHANNELS, LEAD_SOURCES, PRIORITIES, TIERS, Customer, Lead, Ticket

READ = "crm.read"
WRITE = "crm.write"

TIER_LABELS = {
    "standard": _l("Standard"),
    "silver": _l("Silver"),
    "gold": _l("Gold"),
    "vip": _l("VIP"),
}
SOURCE_LABELS = {
    "website": _l("Website"),
    "referral": _l("Referral"),
    "event": _l("Event"),
    "phone": _l("Phone call"),
    "other": _l("Other"),
}
PRIORITY_LABELS = {
    "low": _l("Low"),
    "normal": _l("Normal"),
    "high": _l("High"),
    "urgent": _l("Urgent"),
}
CHANNEL_LABELS = {
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "web": _l("Web"),
    "chat": _l("Chat"),
    "store": _l("Store"),
}


def _choices(values: tuple[str, ...], labels: dict) -> tuple[Choice, ...]:
    return tuple(Choice(v, labels[v]) for v in values)


TIER_CHOICES = _choices(TIERS, TIER_LABELS)


def customer_entity() -> EntityType:
    """``crm.customer``: who the business sells to; no workflow."""
    return EntityType(
        key="crm.customer",
        model=Customer,
        label=_l("Customer"),
        label_plural=_l("Customers"),
        fields=(
            Field("name", "str", _l("Name"), required=True, max_length=200),
            Field("tier", "choice", _l("Tier"), choices=TIER_CHOICES),
            Field(
                "tax_code",
                "str",
                _l("Tax code"),
                max_length=20,
                help=_l("10 digits, or 10 digits-3 digits for a branch"),
            ),
            Field("phone", "str", _l("Phone"), max_length=30),
            Field("email", "email", _l("E-mail"), max_length=254),
            Field("address", "text", _l("Address"), sortable=False),
            Field("owner_id", "ref", _l("Account owner"), ref="core.user"),
            Field("created_at", "datetime", _l("Created"), editable=False),
        ),
        read_permission=READ,
        write_permission=WRITE,
        title=lambda c: c.name,
        responsible_user=lambda c: c.owner_id,
        responsible_field="owner_id",
        validate=rules.validate_customer,
        list_columns=("name", "tier", "phone", "email", "owner_id"),
        search_fields=("name", "tax_code", "phone", "email"),
        default_sort="name",
        icon="bi-building",
    )


LEAD_STATES = (
    State("new", _l("New"), tone="info"),
    State("contacted", _l("Contacted"), tone="primary"),
    State("qualified", _l("Qualified"), tone="warning"),
    State("won", _l("Won"), final=True, tone="success"),
    State("lost", _l("Lost"), final=True, tone="secondary"),
)
LEAD_TRANSITIONS = (
    Transition("new", "contacted", _l("Mark contacted")),
    Transition("contacted", "qualified", _l("Qualify")),
    Transition("qualified", "won", _l("Mark won"), tone="success"),
    Transition("new", "lost", _l("Mark lost"), tone="secondary"),
    Transition("contacted", "lost", _l("Mark lost"), tone="secondary"),
    Transition("qualified", "lost", _l("Mark lost"), tone="secondary"),
)


def lead_entity() -> EntityType:
    """``crm.lead``: a prospective sale; the owner answers for it."""
    return EntityType(
        key="crm.lead",
        model=Lead,
        label=_l("Lead"),
        label_plural=_l("Leads"),
        fields=(
            Field("contact_name", "str", _l("Contact"), required=True, max_length=200),
            Field("company", "str", _l("Company"), max_length=200),
            Field("phone", "str", _l("Phone"), max_length=30),
            Field("email", "email", _l("E-mail"), max_length=254),
            Field("source", "choice", _l("Source"), choices=_choices(LEAD_SOURCES, SOURCE_LABELS)),
            Field("estimated_value", "money", _l("Estimated value (VND)"), minimum=0),
            Field(
                "owner_id",
                "ref",
                _l("Owner"),
                ref="core.user",
                help=_l("Defaults to the person who creates the lead"),
            ),
            Field("created_at", "datetime", _l("Created"), editable=False),
        ),
        read_permission=READ,
        write_permission=WRITE,
        states=LEAD_STATES,
        transitions=LEAD_TRANSITIONS,
        initial_state="new",
        title=lambda lead: (
            f"{lead.contact_name} ({lead.company})" if lead.company else lead.contact_name
        ),
        responsible_user=lambda lead: lead.owner_id,
        responsible_field="owner_id",
        validate=rules.validate_lead,
        defaults=rules.lead_defaults,
        list_columns=("contact_name", "company", "source", "estimated_value", "owner_id"),
        search_fields=("contact_name", "company", "phone", "email"),
        icon="bi-funnel",
    )


TICKET_STATES = (
    State("new", _l("New"), tone="info"),
    State("open", _l("Open"), tone="primary"),
    State("waiting_customer", _l("Waiting for customer"), tone="warning"),
    State("resolved", _l("Resolved"), tone="success"),
    State("closed", _l("Closed"), final=True, tone="secondary"),
)
#: the ticket states in which someone still has work to do
WORKING_STATES = ("new", "open", "waiting_customer")
TICKET_TRANSITIONS = (
    Transition("new", "open", _l("Start work")),
    Transition("new", "resolved", _l("Resolve"), tone="success"),
    Transition("open", "waiting_customer", _l("Wait for customer"), tone="warning"),
    Transition("waiting_customer", "open", _l("Customer replied")),
    Transition("open", "resolved", _l("Resolve"), tone="success"),
    Transition("waiting_customer", "resolved", _l("Resolve"), tone="success"),
    Transition("resolved", "closed", _l("Close"), tone="secondary"),
    Transition("resolved", "open", _l("Reopen"), tone="danger"),
    Transition("closed", "open", _l("Reopen"), tone="danger"),
)


def ticket_entity() -> EntityType:
    """``crm.ticket``: a support request; assignee and department answer for it.

    ``customer_tier`` is read-only, copied from the customer (filterable by SLA policies).
    ``department`` holds the department's code; ``department_name`` (read-only) shows its name,
    and the ticket form (``plugins.crm.ticket_pages``) offers the departments by name.
    New tickets default to priority ``normal`` and channel ``email``.
    """
    return EntityType(
        key="crm.ticket",
        model=Ticket,
        label=_l("Ticket"),
        label_plural=_l("Tickets"),
        fields=(
            Field("subject", "str", _l("Subject"), required=True, max_length=200),
            Field("customer_id", "ref", _l("Customer"), ref="crm.customer", required=True),
            Field("description", "text", _l("Description"), sortable=False),
            Field(
                "priority",
                "choice",
                _l("Priority"),
                choices=_choices(PRIORITIES, PRIORITY_LABELS),
            ),
            Field("channel", "choice", _l("Channel"), choices=_choices(CHANNELS, CHANNEL_LABELS)),
            Field("assignee_id", "ref", _l("Assignee"), ref="core.user"),
            Field(
                "department_name",
                "str",
                _l("Department"),
                editable=False,
                filterable=False,
                sortable=False,
            ),
            Field(
                "department",
                "str",
                _l("Department code"),
                max_length=50,
                help=_l("The code of the department in charge, such as CARE"),
            ),
            Field(
                "customer_tier",
                "choice",
                _l("Customer tier"),
                choices=TIER_CHOICES,
                editable=False,
            ),
            Field("created_at", "datetime", _l("Created"), editable=False),
        ),
        read_permission=READ,
        write_permission=WRITE,
        states=TICKET_STATES,
        transitions=TICKET_TRANSITIONS,
        initial_state="new",
        title=lambda t: f"#{t.id} {t.subject}",
        responsible_user=lambda t: t.assignee_id,
        responsible_field="assignee_id",
        responsible_department=lambda t: t.department,
        validate=rules.validate_ticket,
        defaults=rules.ticket_defaults,
        list_columns=("subject", "customer_id", "priority", "customer_tier", "assignee_id"),
        search_fields=("subject",),
        search_refs=("customer_id",),
        create_endpoint="crm.new_ticket",
        edit_endpoint="crm.edit_ticket",
        icon="bi-life-preserver",
    )


def crm_entities() -> list[EntityType]:
    """Every entity type the CRM owns."""
    return [customer_entity(), lead_entity(), ticket_entity()]
