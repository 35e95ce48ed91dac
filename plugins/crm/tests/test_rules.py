"""Business rules: the customer tier on tickets, departments from the hook, lead owners."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core import hookimpl, records
from core.db import db
from core.errors import ValidationError
from core.listing import ListQuery, list_records
from core.models import AuditEntry


class Organisation:
    """A stand-in for the HR plugin: answers ``departments()``."""

    @hookimpl
    def departments(self):
        return [("CARE", "Chăm sóc khách hàng"), ("SALES", "Kinh doanh")]


class Listener:
    """Records every ``entity_updated`` call it sees."""

    def __init__(self):
        self.calls = []

    @hookimpl
    def entity_updated(self, entity, record, changes, actor_id):
        self.calls.append((entity.key, record.id, dict(changes)))


@pytest.fixture
def live_plugin(app):
    """``live_plugin(obj)`` registers ``obj`` on the live plugin manager for this test."""
    pm = app.extensions["nhip"].live.pm
    names = []

    def register(obj):
        name = f"crm-test-{len(names)}"
        pm.register(obj, name=name)
        names.append(name)
        return obj

    yield register
    for name in names:
        pm.unregister(name=name)


def test_ticket_copies_its_customer_tier(app, new_customer, new_ticket):
    ticket_id = new_ticket(new_customer(tier="vip"))
    with app.app_context():
        assert records.get_record("crm.ticket", ticket_id).customer_tier == "vip"


def test_customer_tier_is_a_declared_read_only_choice(app):
    with app.app_context():
        field = records.entity_type("crm.ticket").field("customer_tier")
        assert (field.type, field.editable, field.filterable) == ("choice", False, True)
        assert [c.value for c in field.choices] == ["standard", "silver", "gold", "vip"]


def test_customer_tier_cannot_be_written(app, agent, new_ticket):
    ticket_id = new_ticket()
    with app.app_context():
        ticket = records.get_record("crm.ticket", ticket_id)
        with pytest.raises(ValidationError) as caught:
            records.update("crm.ticket", ticket, {"customer_tier": "vip"}, agent)
        assert list(caught.value.fields) == ["customer_tier"]


def test_ticket_tier_follows_a_customer_tier_change(
    app, seller, new_customer, new_ticket, live_plugin
):
    customer_id = new_customer(tier="silver")
    first, second = new_ticket(customer_id), new_ticket(customer_id)
    other = new_ticket(new_customer("Công ty khác"))
    listener = live_plugin(Listener())
    with app.app_context():
        customer = records.get_record("crm.customer", customer_id)
        records.update("crm.customer", customer, {"tier": "vip"}, seller)
    with app.app_context():
        tiers = [records.get_record("crm.ticket", i).customer_tier for i in (first, second, other)]
        assert tiers == ["vip", "vip", "standard"]
        ticket_calls = [c for c in listener.calls if c[0] == "crm.ticket"]
        assert sorted(c[1] for c in ticket_calls) == [first, second]
        assert all(c[2] == {"customer_tier": ("silver", "vip")} for c in ticket_calls)
        audit = db.session.execute(
            select(AuditEntry).filter_by(entity="crm.ticket", record_id=first, kind="updated")
        )
        assert audit.scalar_one().changes == {"customer_tier": ["silver", "vip"]}


def test_ticket_tier_follows_a_change_of_customer(app, agent, new_customer, new_ticket):
    ticket_id = new_ticket(new_customer(tier="standard"))
    gold = new_customer("Khách vàng", tier="gold")
    with app.app_context():
        ticket = records.get_record("crm.ticket", ticket_id)
        records.update("crm.ticket", ticket, {"customer_id": gold}, agent)
    with app.app_context():
        assert records.get_record("crm.ticket", ticket_id).customer_tier == "gold"


def test_tickets_filter_on_customer_tier(app, agent, new_customer, new_ticket):
    vip = new_ticket(new_customer("VIP", tier="vip"))
    new_ticket(new_customer("Thường"))
    with app.app_context():
        user = records.get_record("core.user", agent)
        entity = records.entity_type("crm.ticket")
        page = list_records(entity, user, ListQuery.from_args({"customer_tier": "vip"}))
        assert [t.id for t in page.items] == [vip]


def test_department_is_checked_against_the_departments_hook(app, agent, new_customer, live_plugin):
    customer_id = new_customer()
    live_plugin(Organisation())
    with app.app_context():
        with pytest.raises(ValidationError) as caught:
            records.create(
                "crm.ticket",
                {"subject": "S", "customer_id": customer_id, "department": "NOPE"},
                agent,
            )
        assert list(caught.value.fields) == ["department"]
        ticket = records.create(
            "crm.ticket", {"subject": "S", "customer_id": customer_id, "department": "care"}, agent
        )
        assert ticket.department == "CARE"


def test_any_department_is_accepted_while_nobody_lists_departments(app, agent, new_customer):
    customer_id = new_customer()
    with app.app_context():
        host = app.extensions["nhip"]
        assert not any(host.hook.departments())
        ticket = records.create(
            "crm.ticket", {"subject": "S", "customer_id": customer_id, "department": "KHO"}, agent
        )
        assert ticket.department == "KHO"


def test_ticket_responsibility_is_assignee_and_department(app, agent, new_ticket):
    ticket_id = new_ticket(assignee_id=agent, department="CARE")
    with app.app_context():
        entity = records.entity_type("crm.ticket")
        ticket = records.get_record(entity, ticket_id)
        assert entity.responsible_user_of(ticket) == agent
        assert entity.responsible_department_of(ticket) == "CARE"


def test_lead_owner_defaults_to_its_creator(app, seller):
    with app.app_context():
        lead = records.create("crm.lead", {"contact_name": "Nguyễn Văn An"}, seller)
        assert lead.owner_id == seller
        assert records.entity_type("crm.lead").responsible_user_of(lead) == seller


def test_lead_owner_given_is_kept(app, seller, agent):
    with app.app_context():
        lead = records.create("crm.lead", {"contact_name": "An", "owner_id": agent}, seller)
        assert lead.owner_id == agent


def test_api_field_names_of_customers(app):
    with app.app_context():
        entity = records.entity_type("crm.customer")
        for name in ("name", "tier", "phone", "email"):
            assert entity.has_field(name)
