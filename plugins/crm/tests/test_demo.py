"""The demo company's CRM data: loads twice without duplicates, covers every state."""

from __future__ import annotations

from sqlalchemy import func, select

from core.db import db
from core.demo import DemoContext
from plugins.crm.checks import is_phone, is_tax_code
from plugins.crm.demo import load_demo
from plugins.crm.models import Customer, Lead, Ticket


def _counts():
    return tuple(
        db.session.execute(select(func.count()).select_from(model)).scalar_one()
        for model in (Customer, Lead, Ticket)
    )


def test_demo_loads_twice_without_duplicates(app):
    with app.app_context():
        load_demo(DemoContext())
        assert _counts() == (20, 30, 40)
        load_demo(DemoContext())
        assert _counts() == (20, 30, 40)


def test_demo_covers_every_state_and_tier(app):
    with app.app_context():
        load_demo(DemoContext())
        ticket_states = set(db.session.execute(select(Ticket.state)).scalars())
        lead_states = set(db.session.execute(select(Lead.state)).scalars())
        tiers = set(db.session.execute(select(Customer.tier)).scalars())
        assert ticket_states == {"new", "open", "waiting_customer", "resolved", "closed"}
        assert lead_states == {"new", "contacted", "qualified", "won", "lost"}
        assert tiers == {"standard", "silver", "gold", "vip"}


def test_demo_customers_have_valid_contact_data(app):
    with app.app_context():
        load_demo(DemoContext())
        for customer in db.session.execute(select(Customer)).scalars():
            assert is_tax_code(customer.tax_code) and is_phone(customer.phone)


def test_demo_tickets_are_worked_by_support_staff_over_a_month(app):
    with app.app_context():
        context = DemoContext()
        load_demo(context)
        tickets = list(db.session.execute(select(Ticket)).scalars())
        agents = {t.assignee_id for t in tickets}
        assert len(agents) == 2
        assert {t.department for t in tickets} <= {"CARE"}
        ages = [(context.now - t.created_at).days for t in tickets]
        assert min(ages) <= 3 and 10 < max(ages) <= 35  # 21 working days at most
