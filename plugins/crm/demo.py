"""Loading the CRM's demonstration data (the ``demo_data`` hook).

Idempotent by natural keys: a customer by name, a lead by contact and company, a ticket by
customer and subject. Records go through ``core.records`` (so audit trails and lifecycle hooks
run) in one transaction; their creation and every step are then back-dated onto the company's
working hours (``core.demo_time``): customers over the last year, leads and tickets over
the last month, each step a plausible while after the one before (a few late on purpose, so
that SLA tracking has breaches to show), all before the load. The tickets and leads still open
are mostly young in working time (new ones within the hour, open ones within the day), so
that whenever the demo is loaded most are on track and a few at risk or late.
"""

from __future__ import annotations

from random import Random
from typing import Any

from core import demo_time
from core.db import db
from core.demo import DemoContext
from core.demo_time import DAY, Timeline
from core.records import create, transition
from plugins.crm.checks import tax_check_digit
from plugins.crm.demo_data import CUSTOMERS, LEADS, TICKET_SUBJECTS
from plugins.crm.departments import known_department
from plugins.crm.models import Customer, Lead, Ticket

#: the demo logins the CRM works with, exactly as HR's demo lists them: e-mail → (full name,
#: roles). The CRM's demo runs before HR's and creates them; HR links them to their employees.
PEOPLE: dict[str, tuple[str, tuple[str, ...]]] = {
    "sales1@nhip.local": ("Lê Thị Lan", ("employee", "sales")),
    "sales2@nhip.local": ("Phạm Văn Đức", ("employee", "sales")),
    "support1@nhip.local": ("Đinh Thị Ngọc Ánh", ("employee", "support")),
    "support2@nhip.local": ("Lý Văn Khoa", ("employee", "support")),
}
SALES = ("sales1@nhip.local", "sales2@nhip.local")
SUPPORT = ("support1@nhip.local", "support2@nhip.local")
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
# the states each demo ticket walks through, how many take it, and their age range in
# working days
TICKET_PATHS: tuple[tuple[tuple[str, ...], int, tuple[float, float]], ...] = (
    ((), 5, (0.005, 0.05)),  # came in within the last half hour
    ((), 1, (0.3, 1)),  # left unanswered: a breach
    (("open",), 7, (0.1, 0.45)),  # being worked on within the working day
    (("open",), 1, (0.6, 0.9)),  # dragging on: at risk of the resolution deadline
    (("open",), 1, (1.5, 4)),  # stuck: breached
    (("open", "waiting_customer"), 6, (1, 7)),
    (("resolved",), 3, (1, 9)),
    (("open", "resolved"), 5, (2, 11)),
    (("open", "waiting_customer", "open", "resolved"), 3, (3, 13)),
    (("open", "resolved", "closed"), 7, (4, 21)),
    (("open", "resolved", "closed", "open"), 1, (6, 18)),
)
PRIORITY_WEIGHTS = {"low": 2, "normal": 5, "high": 2, "urgent": 1}
CHANNELS = ("email", "phone", "web", "chat", "store")
#: working minutes a step usually takes after the one before: (from, to) → (min, max); a late
#: step (``LATE`` of the first responses and first contacts) takes ``LATE_GAPS`` instead
GAPS: dict[tuple[str, str], tuple[float, float]] = {
    ("new", "contacted"): (10, 100),
    ("contacted", "qualified"): (DAY * 0.5, DAY * 4),
    ("qualified", "won"): (DAY, DAY * 6),
    ("new", "lost"): (60, DAY * 3),
    ("contacted", "lost"): (DAY * 0.5, DAY * 4),
    ("qualified", "lost"): (DAY, DAY * 5),
    ("new", "open"): (5, 50),
    ("new", "resolved"): (10, 60),
    ("open", "waiting_customer"): (30, 300),
    ("waiting_customer", "open"): (120, DAY * 2),
    ("open", "resolved"): (60, 420),
    ("waiting_customer", "resolved"): (60, DAY),
    ("resolved", "closed"): (DAY * 0.5, DAY * 2),
    ("closed", "open"): (DAY * 0.5, DAY * 3),
}
LATE = 0.2
LATE_GAPS = (130, 600)


def load_demo(demo: DemoContext) -> None:
    """Add the demo users, customers, leads and tickets that are missing; commit once."""
    sales = [_person(demo, email) for email in SALES]
    support = [_person(demo, email) for email in SUPPORT]
    timelines: list[Timeline] = []
    customers = _load_customers(demo, sales, timelines)
    _load_leads(demo, sales, timelines)
    _load_tickets(demo, customers, support, timelines)
    demo_time.backdate(timelines)
    db.session.commit()


def _person(demo: DemoContext, email: str):
    name, roles = PEOPLE[email]
    return demo.add_user(email, name, list(roles))


def step_gaps(rng: Random, first: str, path: tuple[str, ...]) -> list[float]:
    """Working minutes between the steps of ``path`` taken from state ``first``."""
    gaps, state = [], first
    for target in path:
        low, high = GAPS[(state, target)]
        if state == "new" and target in ("contacted", "open") and rng.random() < LATE:
            low, high = LATE_GAPS
        gaps.append(rng.uniform(low, high))
        state = target
    return gaps


def demo_tax_code(index: int, prefix: str, branch: str = "") -> str:
    """A well-formed tax code (valid check digit) for demo customer ``index``."""
    rng = Random(f"mst-{index}")
    while True:
        head = prefix + "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
        check = tax_check_digit(head)
        if check < 10:
            return f"{head}{check}{branch}"


def _load_customers(demo: DemoContext, sales: list, timelines: list[Timeline]) -> list[Customer]:
    existing = {c.name: c for c in db.session.execute(db.select(Customer)).scalars()}
    out = []
    for index, (name, tier, prefix, branch, phone, email, address) in enumerate(CUSTOMERS):
        age = demo.rng.uniform(22, 280) * DAY
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
        timelines.append(Timeline("crm.customer", customer, [demo_time.subtract(demo.now, age)]))
        out.append(customer)
    return out


def _load_leads(demo: DemoContext, sales: list, timelines: list[Timeline]) -> None:
    existing = {
        tuple(row) for row in db.session.execute(db.select(Lead.contact_name, Lead.company))
    }
    plan = [path for path, count in LEAD_PATHS for _ in range(count)]
    for index, (contact, company, phone, email, source) in enumerate(LEADS):
        path = plan[index % len(plan)]
        value = demo.rng.randrange(10, 900) * 1_000_000
        if path:
            age = demo.rng.uniform(0.2, 21) * DAY
        else:  # most new leads came in within the hour; one in four waits since yesterday
            age = demo.rng.uniform(5, 55) if index % 4 else demo.rng.uniform(60, DAY * 1.5)
        gaps = step_gaps(demo.rng, "new", path)
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
        timelines.append(_timeline("crm.lead", lead, demo, age, gaps))


def _load_tickets(
    demo: DemoContext, customers: list[Customer], support: list, timelines: list[Timeline]
) -> None:
    existing = {
        tuple(row) for row in db.session.execute(db.select(Ticket.customer_id, Ticket.subject))
    }
    plan = [(path, ages) for path, count, ages in TICKET_PATHS for _ in range(count)]
    department = known_department(CARE)
    for index in range(len(plan)):
        path, (youngest, oldest) = plan[(index * 7) % len(plan)]
        customer = customers[(index * 3 + index // len(TICKET_SUBJECTS)) % len(customers)]
        subject, description = TICKET_SUBJECTS[index % len(TICKET_SUBJECTS)]
        age = demo.rng.uniform(youngest, oldest) * DAY
        priority = demo.rng.choices(
            list(PRIORITY_WEIGHTS), weights=list(PRIORITY_WEIGHTS.values())
        )[0]
        channel = demo.rng.choice(CHANNELS)
        gaps = step_gaps(demo.rng, "new", path)
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
        timelines.append(_timeline("crm.ticket", ticket, demo, age, gaps))


def _timeline(key: str, record: Any, demo: DemoContext, age: float, gaps: list[float]) -> Timeline:
    """Created ``age`` working minutes before the load, then each step after its gap."""
    created = demo_time.subtract(demo.now, age)
    return Timeline(key, record, [created, *demo_time.steps(created, gaps, demo.now)])
