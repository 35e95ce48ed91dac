"""Loading the CRM's demonstration data (the ``demo_data`` hook).

Idempotent by natural keys: a customer by name, a lead by contact and company, a ticket by
customer and subject. Records go through ``core.records`` (so audit trails and lifecycle hooks
run) in one transaction; creation times and audit lines are then back-dated over the last 30
days so that lists and histories look lived-in.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random
from typing import Any

from core.db import db
from core.demo import DemoContext
from core.models import AuditEntry
from core.records import create, transition
from plugins.crm.checks import tax_check_digit
from plugins.crm.demo_data import CUSTOMERS, LEADS, TICKET_SUBJECTS
from plugins.crm.models import Customer, Lead, Ticket
from plugins.crm.rules import known_department

SALES = (("sales1@nhip.local", "Nguyễn Thị Thu Hà"), ("sales2@nhip.local", "Trần Minh Khoa"))
SUPPORT = (("support1@nhip.local", "Lê Thị Mỹ Linh"), ("support2@nhip.local", "Phạm Quốc Bảo"))
CARE = "CARE"

# the states each demo lead walks through, and how many leads take each path
LEAD_PATHS: tuple[tuple[tuple[str, ...], int], ...] = (
    ((), 8),
    (("contacted",), 6),
    (("contacted", "qualified"), 5),
    (("contacted", "qualified", "won"), 5),
    (("lost",), 2),
    (("contacted", "lost"), 2),
    (("contacted", "qualified", "lost"), 2),
)
# the states each demo ticket walks through, how many take it, and their age range in days
TICKET_PATHS: tuple[tuple[tuple[str, ...], int, tuple[float, float]], ...] = (
    ((), 6, (0.05, 1)),
    (("open",), 7, (0.5, 5)),
    (("open", "waiting_customer"), 6, (1, 10)),
    (("resolved",), 3, (1, 12)),
    (("open", "resolved"), 5, (2, 15)),
    (("open", "waiting_customer", "open", "resolved"), 3, (4, 18)),
    (("open", "resolved", "closed"), 7, (5, 30)),
    (("open", "resolved", "closed", "open"), 3, (8, 25)),
)
PRIORITY_WEIGHTS = {"low": 2, "normal": 5, "high": 2, "urgent": 1}
CHANNELS = ("email", "phone", "web", "chat", "store")


def load_demo(demo: DemoContext) -> None:
    """Add the demo users, customers, leads and tickets that are missing; commit once."""
    sales = [demo.add_user(email, name, ["employee", "sales"]) for email, name in SALES]
    support = [demo.add_user(email, name, ["employee", "support"]) for email, name in SUPPORT]
    customers = _load_customers(demo, sales)
    _load_leads(demo, sales)
    _load_tickets(demo, customers, support)
    db.session.commit()


def demo_tax_code(index: int, prefix: str, branch: str = "") -> str:
    """A well-formed tax code (valid check digit) for demo customer ``index``."""
    rng = Random(f"mst-{index}")
    while True:
        head = prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
        check = tax_check_digit(head)
        if check < 10:
            return f"{head}{check}{branch}"


def _load_customers(demo: DemoContext, sales: list) -> list[Customer]:
    existing = {c.name: c for c in db.session.execute(db.select(Customer)).scalars()}
    out = []
    for index, (name, tier, prefix, branch, phone, email, address) in enumerate(CUSTOMERS):
        age = timedelta(days=demo.rng.uniform(30, 400))
        if name in existing:
            out.append(existing[name])
            continue
        owner = sales[index % len(sales)]
        values = {
            "name": name,
            "tier": tier,
            "tax_code": demo_tax_code(index, prefix, branch),
            "phone": phone,
            "email": email,
            "address": address,
            "owner_id": owner.id,
        }
        customer = create("crm.customer", values, owner.id, commit=False)
        _backdate("crm.customer", customer, demo.now - age, demo.now, demo.rng)
        out.append(customer)
    return out


def _load_leads(demo: DemoContext, sales: list) -> None:
    existing = {
        tuple(row) for row in db.session.execute(db.select(Lead.contact_name, Lead.company))
    }
    plan = [path for path, count in LEAD_PATHS for _ in range(count)]
    for index, (contact, company, phone, email, source) in enumerate(LEADS):
        path = plan[index % len(plan)]
        value = demo.rng.randrange(10, 900) * 1_000_000
        age = timedelta(days=demo.rng.uniform(0.1, 30) if path else demo.rng.uniform(0.05, 3))
        if (contact, company) in existing:
            continue
        owner = sales[index % len(sales)]
        values: dict[str, Any] = {
            "contact_name": contact,
            "company": company,
            "phone": phone,
            "email": email,
            "source": source,
            "estimated_value": value,
        }
        if index % 2:  # the others default to their creator
            values["owner_id"] = owner.id
        lead = create("crm.lead", values, owner.id, commit=False)
        for state in path:
            transition("crm.lead", lead, state, owner.id, commit=False)
        _backdate("crm.lead", lead, demo.now - age, demo.now, demo.rng)


def _load_tickets(demo: DemoContext, customers: list[Customer], support: list) -> None:
    existing = {
        tuple(row) for row in db.session.execute(db.select(Ticket.customer_id, Ticket.subject))
    }
    plan = [(path, ages) for path, count, ages in TICKET_PATHS for _ in range(count)]
    department = known_department(CARE)
    for index in range(len(plan)):
        path, (youngest, oldest) = plan[(index * 7) % len(plan)]
        customer = customers[(index * 3 + index // len(TICKET_SUBJECTS)) % len(customers)]
        subject, description = TICKET_SUBJECTS[index % len(TICKET_SUBJECTS)]
        age = timedelta(days=demo.rng.uniform(youngest, oldest))
        priority = demo.rng.choices(
            list(PRIORITY_WEIGHTS), weights=list(PRIORITY_WEIGHTS.values())
        )[0]
        channel = demo.rng.choice(CHANNELS)
        if (customer.id, subject) in existing:
            continue
        agent = support[index % len(support)]
        values = {
            "customer_id": customer.id,
            "subject": subject,
            "description": description,
            "priority": priority,
            "channel": channel,
            "assignee_id": agent.id,
            "department": department,
        }
        ticket = create("crm.ticket", values, agent.id, commit=False)
        for state in path:
            transition("crm.ticket", ticket, state, agent.id, commit=False)
        _backdate("crm.ticket", ticket, demo.now - age, demo.now, demo.rng)


def _backdate(key: str, record: Any, created_at: datetime, now: datetime, rng: Random) -> None:
    """Move ``record``'s creation to ``created_at`` and spread its audit lines after it."""
    record.created_at = created_at
    entries = (
        db.session.execute(
            db.select(AuditEntry)
            .where(AuditEntry.entity == key, AuditEntry.record_id == record.id)
            .order_by(AuditEntry.id)
        )
        .scalars()
        .all()
    )
    span = (now - created_at).total_seconds()
    moment = created_at
    for position, entry in enumerate(entries):
        if position:
            share = rng.uniform(0.2, 1.0) / len(entries)
            moment = moment + timedelta(seconds=span * share)
        entry.at = min(moment, now)
    db.session.flush()
