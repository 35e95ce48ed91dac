"""The demo company's orders: 30 products, 200 sales orders over the last 30 days in every
state, 10 purchase orders, and the staff who sell, pick and buy.

Everything goes through the service functions (``commit=False``), then creation times and
the audit trail are back-dated in the same transaction and the whole load commits once.
Idempotent by natural keys: products by SKU, sales orders by the customer reference
``DEMO-SO-NNNN``, purchase orders by the supplier reference ``DEMO-PO-NN``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from core import records
from core.db import db
from core.demo import DemoContext
from core.errors import BusinessRuleError
from core.models import AuditEntry
from plugins.crm.models import Customer
from plugins.orders import demo_catalog as catalog
from plugins.orders.models import Product, PurchaseOrder, SalesOrder

SALES = "orders.sales_order"
PURCHASE = "orders.purchase_order"
SALES_ORDERS = 200
RECENT_ORDERS = 36  # of which created in the last two days: the warehouse's current work
PURCHASE_ORDERS = 10
SALES_PATH = ("confirmed", "picking", "packed", "shipped", "delivered")
PURCHASE_PATH = ("sent", "confirmed", "received")
#: hours between steps (min, max): confirm, pick, pack, ship, deliver
STEP_HOURS = ((0.3, 3), (0.5, 6), (0.3, 3), (1, 8), (10, 40))


@dataclass
class Timeline:
    """When each service call on one record happened, in call order (for back-dating)."""

    entity: str
    record: object
    instants: list[datetime] = field(default_factory=list)


def load_demo(demo: DemoContext) -> None:
    """Load the orders demo (see the module docstring) and commit."""
    rng = random.Random(8_2026_11)
    staff = _staff(demo)
    products = _products()
    customers = _customers()
    timelines: list[Timeline] = []
    timelines += _purchase_orders(rng, demo.now, staff, products)
    timelines += _sales_orders(rng, demo.now, staff, products, customers)
    _backdate(timelines)
    db.session.commit()


def _staff(demo: DemoContext) -> dict[str, list[int]]:
    return {
        "sales": [demo.add_user(e, n, ["employee", "sales"]).id for e, n in catalog.SALESPEOPLE],
        "warehouse": [
            demo.add_user(e, n, ["employee", "warehouse"]).id for e, n in catalog.WAREHOUSE_STAFF
        ],
        "purchaser": [demo.add_user(*catalog.PURCHASER, ["employee", "purchaser"]).id],
    }


def _products() -> list[Product]:
    existing = {p.sku: p for p in db.session.execute(select(Product)).scalars()}
    out = []
    for sku, name, price, stock in catalog.PRODUCTS:
        product = existing.get(sku)
        if product is None:
            values = {"sku": sku, "name": name, "unit_price": price, "stock_on_hand": stock}
            product = records.create("orders.product", values, commit=False)
        out.append(product)
    return out


def _customers() -> list[Customer]:
    customers = list(db.session.execute(select(Customer).order_by(Customer.id)).scalars())
    if customers:
        return customers
    return [
        records.create("crm.customer", {"name": name, "tier": tier}, commit=False)
        for name, tier in catalog.FALLBACK_CUSTOMERS
    ]


def _existing_refs(column) -> set[str]:
    return set(db.session.execute(select(column).where(column.like("DEMO-%"))).scalars())


def _sales_orders(rng, now, staff, products, customers) -> list[Timeline]:
    done = _existing_refs(SalesOrder.customer_ref)
    ages = sorted(
        [timedelta(days=rng.uniform(2, 30)) for _ in range(SALES_ORDERS - RECENT_ORDERS)]
        + [timedelta(hours=rng.uniform(0.2, 48)) for _ in range(RECENT_ORDERS)],
        reverse=True,
    )
    timelines = []
    for index, age in enumerate(ages, start=1):
        reference = f"DEMO-SO-{index:04d}"
        plan = _sales_plan(rng, age, staff, products, customers)
        if reference in done:
            continue
        timelines.append(_play_sales_order(reference, now - age, age, plan))
    return timelines


def _sales_plan(rng, age: timedelta, staff, products, customers) -> dict:
    """Everything random about one order, drawn whether or not the order is created, so that
    the plan of every order stays the same from run to run."""
    days = age.total_seconds() / 86400
    if days > 4:
        outcome = rng.choices(["delivered", "shipped", "cancelled"], [88, 5, 7])[0]
    elif days > 2:
        outcome = rng.choices(["delivered", "shipped", "packed", "cancelled"], [35, 45, 10, 10])[0]
    else:
        outcome = rng.choices(
            ["draft", "confirmed", "picking", "packed", "shipped", "cancelled"],
            [10, 28, 22, 18, 16, 6],
        )[0]
    lines = []
    for product in rng.sample(products, rng.choice([1, 1, 2, 2, 3, 4])):
        line = {"product_id": product.id, "quantity": rng.choice([1, 1, 2, 2, 3, 5, 6, 10])}
        if rng.random() < 0.1:
            line["unit_price"] = round(product.unit_price * 0.95, -3)
        lines.append(line)
    return {
        "outcome": outcome,
        "cancel_from": rng.choice(["draft", "confirmed", "confirmed", "picking"]),
        "customer": rng.choice(customers).id,
        "salesperson": rng.choice(staff["sales"]),
        "warehouse": rng.choice(staff["warehouse"]),
        "priority": "express" if rng.random() < 0.2 else "normal",
        "channel": rng.choices(["web", "phone", "store"], [50, 35, 15])[0],
        "lines": lines,
        "gaps": [timedelta(hours=rng.uniform(*hours)) for hours in STEP_HOURS],
    }


def _play_sales_order(reference: str, created: datetime, age: timedelta, plan: dict) -> Timeline:
    values = {
        "customer_id": plan["customer"],
        "priority": plan["priority"],
        "channel": plan["channel"],
        "customer_ref": reference,
        "lines": plan["lines"],
    }
    order = records.create(SALES, values, actor_id=plan["salesperson"], commit=False)
    timeline = Timeline(SALES, order, [created])
    outcome = plan["outcome"]
    if outcome == "draft":
        return timeline
    path = list(SALES_PATH[: SALES_PATH.index(outcome) + 1]) if outcome in SALES_PATH else []
    if outcome == "cancelled":
        stop = plan["cancel_from"]
        path = [*SALES_PATH[: SALES_PATH.index(stop) + 1], "cancelled"] if stop != "draft" else []
        path = path or ["cancelled"]
    instants = _spread(created, plan["gaps"][: len(path)], age)
    for state, at in zip(path, instants, strict=True):
        actor = plan["salesperson"] if state in ("confirmed", "cancelled") else plan["warehouse"]
        try:
            records.transition(SALES, order, state, actor_id=actor, commit=False)
        except BusinessRuleError:  # short of stock: the order waits as a draft
            break
        timeline.instants.append(at)
    return timeline


def _spread(start: datetime, gaps: list[timedelta], age: timedelta) -> list[datetime]:
    """The instants of successive steps after ``start``, squeezed to end before now."""
    total = sum(gaps, timedelta())
    room = age - timedelta(minutes=5)
    scale = min(1.0, room / total) if total else 1.0
    instants, at = [], start
    for gap in gaps:
        at = at + gap * scale
        instants.append(at)
    return instants


def _purchase_orders(rng, now, staff, products) -> list[Timeline]:
    done = _existing_refs(PurchaseOrder.supplier_ref)
    outcomes = ["received"] * 5 + ["confirmed", "confirmed", "sent", "draft", "cancelled"]
    timelines = []
    for index, outcome in enumerate(outcomes, start=1):
        reference = f"DEMO-PO-{index:02d}"
        age = timedelta(days=29 - index * 2.5, hours=rng.uniform(0, 6))
        chosen = rng.sample(products, rng.randint(2, 4))
        lines = [
            {
                "product_id": p.id,
                "quantity": rng.choice([20, 50, 100, 200]),
                "unit_cost": round(p.unit_price * 0.7, -3),
            }
            for p in chosen
        ]
        supplier = rng.choice(catalog.SUPPLIERS)
        gaps = [timedelta(hours=rng.uniform(2, 30)) for _ in PURCHASE_PATH]
        if reference in done:
            continue
        values = {"supplier": supplier, "supplier_ref": reference, "lines": lines}
        buyer = staff["purchaser"][0]
        order = records.create(PURCHASE, values, actor_id=buyer, commit=False)
        created = now - age
        timeline = Timeline(PURCHASE, order, [created])
        if outcome == "cancelled":
            path = ["sent", "cancelled"]
        elif outcome == "draft":
            path = []
        else:
            path = list(PURCHASE_PATH[: PURCHASE_PATH.index(outcome) + 1])
        for state, at in zip(path, _spread(created, gaps[: len(path)], age), strict=True):
            records.transition(PURCHASE, order, state, actor_id=buyer, commit=False)
            timeline.instants.append(at)
        timelines.append(timeline)
    return timelines


def _backdate(timelines: list[Timeline]) -> None:
    """Give each record its planned creation time and each audit line its planned instant."""
    if not timelines:
        return
    db.session.flush()
    by_key = {(t.entity, t.record.id): t for t in timelines}
    for timeline in timelines:
        timeline.record.created_at = timeline.instants[0]
    entries = db.session.execute(
        select(AuditEntry)
        .where(
            AuditEntry.entity.in_({t.entity for t in timelines}),
            AuditEntry.record_id.in_({t.record.id for t in timelines}),
        )
        .order_by(AuditEntry.id)
    ).scalars()
    seen: dict[tuple[str, int], int] = {}
    for entry in entries:
        timeline = by_key.get((entry.entity, entry.record_id))
        if timeline is None:
            continue
        position = seen.get((entry.entity, entry.record_id), 0)
        seen[(entry.entity, entry.record_id)] = position + 1
        if position < len(timeline.instants):
            entry.at = timeline.instants[position]
    db.session.flush()
