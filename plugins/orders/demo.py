"""The demo company's orders: 30 products, 200 sales orders over the last six weeks in every
state, 10 purchase orders, and the staff who sell, pick and buy (and the head of sales, who
enters the orders sold at a discount in the salesperson's name).

Everything goes through the service functions (``commit=False``) and the whole load commits
once. Each document is created inside ``plugins.orders.creation.dated`` at its planned instant
(so ``SO-2026-…`` numbers follow the year of creation, not of the load), then its audit trail
is back-dated onto working hours (``core.demo_time``): sales confirm within an hour or
two (a few later, so that SLA tracking has breaches to show), the warehouse picks, packs and
ships within the day (express orders twice as fast), carriers deliver within a few days.

The picture is that of a normal working day whenever the demo is loaded. The orders of the last
two working days run their course step by step, and an order is where its steps have reached by
the load: the youngest are still drafts or being picked, most of the day's orders on track, a
few late. Loaded on a day off (a weekend, Tết), the warehouse cleared the week's orders before
the break but for ``HELD`` (forgotten: the breaches to show), and the web shop took
orders during the break that wait as drafts (``DEMO-WEB-NN``), most of them within the 48 hours
promised. Idempotent by natural keys: products by SKU, sales orders by the customer reference
``DEMO-SO-NNNN`` (or ``DEMO-WEB-NN``), purchase orders by the supplier reference ``DEMO-PO-NN``.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from core import demo_time, records
from core.db import db
from core.demo import DemoContext
from core.demo_time import DAY, Timeline
from core.errors import BusinessRuleError
from plugins.crm.models import Customer
from plugins.orders import demo_catalog as catalog
from plugins.orders.creation import dated
from plugins.orders.models import Product, PurchaseOrder, SalesOrder

SALES = "orders.sales_order"
PURCHASE = "orders.purchase_order"
SALES_ORDERS = 200
RECENT_ORDERS = 36  # of which created in the last two working days: the warehouse's work
PURCHASE_ORDERS = 10
SALES_PATH = ("confirmed", "picking", "packed", "shipped", "delivered")
PURCHASE_PATH = ("sent", "confirmed", "received")
#: working minutes between the load and the moment the catalogue was entered
SET_UP = 32 * DAY + 90
#: working minutes a step takes after the one before: (min, max)
STEP_MINUTES = {
    "confirmed": (10, 100),
    "picking": (20, 200),
    "packed": (15, 120),
    "shipped": (30, 300),
    "delivered": (DAY * 0.5, DAY * 3),
    "cancelled": (30, DAY),
}
LATE_CONFIRM = (130, 480)  # past the two working hours the demo's SLA policy allows
LATE = 0.15
#: the recent orders left half-way on a day off, by position among the recent ones, and where
#: they stopped (the recent orders' working ages are the same at every load: the first is late
#: to ship, the second at risk, the third on time but for the 48 hours promised)
HELD = {5: "confirmed", 24: "picking", 29: "packed"}
#: web orders taken during a break: hours before the load (as far as the break reaches back);
#: most within the 36 hours after which the 48-hour promise is at risk
WEB_ORDER_HOURS = (0.7, 2.5, 5, 8.5, 11, 14, 17.5, 21, 24.5, 28, 31, 33.5, 41, 52)
#: the warehouse works express orders this much faster
EXPRESS_PACE = 0.5
WEB_REFERENCE = "DEMO-WEB-"
PURCHASE_MINUTES = {
    "sent": (30, 240),
    "confirmed": (DAY * 0.5, DAY * 2),
    "received": (DAY, DAY * 4),
    "cancelled": (60, DAY * 2),
}


def load_demo(demo: DemoContext) -> None:
    """Load the orders demo (see the module docstring) and commit."""
    rng = random.Random(8_2026_11)
    staff = _staff(demo)
    timelines: list[Timeline] = []
    products = _products(demo.now, timelines)
    customers = _customers(demo.now, timelines)
    timelines += _purchase_orders(rng, demo.now, staff, products)
    timelines += _sales_orders(rng, demo.now, staff, products, customers)
    demo_time.backdate(timelines)
    db.session.commit()


def _staff(demo: DemoContext) -> dict[str, list[int]]:
    def ids(emails) -> list[int]:
        out = []
        for email in emails:
            name, roles = catalog.PEOPLE[email]
            out.append(demo.add_user(email, name, list(roles)).id)
        return out

    return {
        "sales": ids(catalog.SALESPEOPLE),
        "sales_manager": ids([catalog.SALES_MANAGER]),
        "warehouse": ids(catalog.WAREHOUSE_STAFF),
        "purchaser": ids([catalog.PURCHASER]),
    }


def _products(now: datetime, timelines: list[Timeline]) -> list[Product]:
    existing = {p.sku: p for p in db.session.execute(select(Product)).scalars()}
    entered = demo_time.subtract(now, SET_UP)
    out = []
    for index, (sku, name, price, stock) in enumerate(catalog.PRODUCTS):
        product = existing.get(sku)
        if product is None:
            at = demo_time.add(entered, 2 * index)
            values = {"sku": sku, "name": name, "unit_price": price, "stock_on_hand": stock}
            with dated(at):
                product = records.create("orders.product", values, commit=False)
            timelines.append(Timeline("orders.product", product, [at]))
        out.append(product)
    return out


def _customers(now: datetime, timelines: list[Timeline]) -> list[Customer]:
    customers = list(db.session.execute(select(Customer).order_by(Customer.id)).scalars())
    if customers:
        return customers
    entered = demo_time.subtract(now, SET_UP + 60)
    for index, (name, tier) in enumerate(catalog.FALLBACK_CUSTOMERS):
        customer = records.create("crm.customer", {"name": name, "tier": tier}, commit=False)
        timelines.append(Timeline("crm.customer", customer, [demo_time.add(entered, index)]))
        customers.append(customer)
    return customers


def _existing_refs(column) -> set[str]:
    return set(db.session.execute(select(column).where(column.like("DEMO-%"))).scalars())


def _sales_orders(rng, now, staff, products, customers) -> list[Timeline]:
    done = _existing_refs(SalesOrder.customer_ref)
    ages = sorted(
        [rng.uniform(1.5, 21) * DAY for _ in range(SALES_ORDERS - RECENT_ORDERS)]
        + [rng.uniform(10, 2 * DAY) for _ in range(RECENT_ORDERS)],
        reverse=True,
    )
    day_off = demo_time.on_day_off(now)
    timelines = []
    for index, age in enumerate(ages, start=1):
        reference = f"DEMO-SO-{index:04d}"
        plan = _sales_plan(rng, age, staff, products, customers)
        recent = index - (SALES_ORDERS - RECENT_ORDERS)
        if recent > 0:
            plan["until"] = HELD.get(recent) if day_off else None
        if reference in done:
            continue
        timelines.append(_play_sales_order(reference, now, demo_time.subtract(now, age), plan))
    timelines += _web_orders(rng, now, staff, products, customers, done)
    return timelines


def taken_online(key: str, record) -> bool:
    """Whether ``record`` is a demo order the web shop took while the company was off work."""
    return key == SALES and (record.customer_ref or "").startswith(WEB_REFERENCE)


def _web_orders(rng, now, staff, products, customers, done) -> list[Timeline]:
    """The drafts the web shop took while the company was off work (none inside working
    hours), the most recent last; they wait for a salesperson's confirmation."""
    off = demo_time.time_off(now)
    timelines = []
    hours = [h for h in WEB_ORDER_HOURS if timedelta(hours=h) < off]
    for number, hour in enumerate(sorted(hours, reverse=True), start=1):
        plan = _sales_plan(rng, 0, staff, products, customers)
        reference = f"{WEB_REFERENCE}{number:02d}"
        if reference in done:
            continue
        plan.update(outcome="draft", channel="web", until=None)
        created = now - timedelta(hours=hour)
        timelines.append(_play_sales_order(reference, now, created, plan))
    return timelines


def _sales_plan(rng, age: float, staff, products, customers) -> dict:
    """Everything random about one order ``age`` working minutes old, drawn whether or not the
    order is created, so that the plan of every order stays the same from run to run."""
    days = age / DAY
    if days > 3:
        outcome = rng.choices(["delivered", "shipped", "cancelled"], [88, 5, 7])[0]
    elif days > 1.5:
        outcome = rng.choices(["delivered", "shipped", "packed", "cancelled"], [40, 48, 2, 10])[0]
    else:  # shipped when its steps have run their course (see _play_sales_order)
        outcome = rng.choices(["shipped", "cancelled"], [94, 6])[0]
    lines = []
    for product in rng.sample(products, rng.choice([1, 1, 2, 2, 3, 4])):
        line = {"product_id": product.id, "quantity": rng.choice([1, 1, 2, 2, 3, 5, 6, 10])}
        if rng.random() < 0.1:
            line["unit_price"] = round(product.unit_price * 0.95, -3)
        lines.append(line)
    gaps = {step: rng.uniform(*window) for step, window in STEP_MINUTES.items()}
    if rng.random() < LATE:
        gaps["confirmed"] = rng.uniform(*LATE_CONFIRM)
    plan = {
        "outcome": outcome,
        "recent": days <= 1.5,
        "until": None,
        "cancel_from": rng.choice(["draft", "confirmed", "confirmed", "picking"]),
        "customer": rng.choice(customers).id,
        "salesperson": rng.choice(staff["sales"]),
        "sales_manager": staff["sales_manager"][0],
        "warehouse": rng.choice(staff["warehouse"]),
        "priority": "express" if rng.random() < 0.2 else "normal",
        "channel": rng.choices(["web", "phone", "store"], [50, 35, 15])[0],
        "lines": lines,
        "gaps": gaps,
    }
    if plan["priority"] == "express":
        for step in ("picking", "packed", "shipped"):
            gaps[step] *= EXPRESS_PACE
    return plan


def sales_path(outcome: str, cancel_from: str) -> list[str]:
    """The steps from draft to ``outcome`` (a cancelled order is cancelled from
    ``cancel_from``)."""
    if outcome == "cancelled":
        if cancel_from == "draft":
            return ["cancelled"]
        return [*SALES_PATH[: SALES_PATH.index(cancel_from) + 1], "cancelled"]
    if outcome in SALES_PATH:
        return list(SALES_PATH[: SALES_PATH.index(outcome) + 1])
    return []


def _play_sales_order(reference: str, now: datetime, created: datetime, plan: dict) -> Timeline:
    values = {
        "customer_id": plan["customer"],
        "salesperson_id": plan["salesperson"],
        "priority": plan["priority"],
        "channel": plan["channel"],
        "customer_ref": reference,
        "lines": plan["lines"],
    }
    # a discount is agreed by the sales manager, who enters the order in the salesperson's name
    discounted = any("unit_price" in line for line in plan["lines"])
    author = plan["sales_manager"] if discounted else plan["salesperson"]
    with dated(created):
        order = records.create(SALES, values, actor_id=author, commit=False)
    timeline = Timeline(SALES, order, [created])
    path, instants = _sales_steps(now, created, plan)
    for state, at in zip(path, instants, strict=True):
        actor = plan["salesperson"] if state in ("confirmed", "cancelled") else plan["warehouse"]
        try:
            records.transition(SALES, order, state, actor_id=actor, commit=False)
        except BusinessRuleError:  # short of stock: the order waits as a draft
            break
        timeline.instants.append(at)
    return timeline


def _sales_steps(now: datetime, created: datetime, plan: dict) -> tuple[list[str], list]:
    """The steps an order has taken by ``now``, and when. A recent order takes each step its
    gap after the one before and stops where ``now`` finds it; one held on a day off stops at
    its ``until`` state; the others take all their steps, squeezed in before ``now``."""
    path = sales_path(plan["outcome"], plan["cancel_from"])
    gaps = [plan["gaps"][step] for step in path]
    if plan["until"] in path:
        path = path[: path.index(plan["until"]) + 1]
        gaps = gaps[: len(path)]
    elif plan["recent"] and not demo_time.on_day_off(now):
        instants, at = [], created
        for gap in gaps:
            at = demo_time.add(at, gap)
            if at > now:
                break
            instants.append(at)
        return path[: len(instants)], instants
    return path, demo_time.steps(created, gaps, now)


def _purchase_orders(rng, now, staff, products) -> list[Timeline]:
    done = _existing_refs(PurchaseOrder.supplier_ref)
    outcomes = ["received"] * 5 + ["confirmed", "confirmed", "sent", "draft", "cancelled"]
    timelines = []
    for index, outcome in enumerate(outcomes, start=1):
        reference = f"DEMO-PO-{index:02d}"
        age = (21 - index * 1.8) * DAY + rng.uniform(0, 360)
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
        gaps = {step: rng.uniform(*window) for step, window in PURCHASE_MINUTES.items()}
        if reference in done:
            continue
        if outcome == "cancelled":
            path = ["sent", "cancelled"]
        elif outcome == "draft":
            path = []
        else:
            path = list(PURCHASE_PATH[: PURCHASE_PATH.index(outcome) + 1])
        created = demo_time.subtract(now, age)
        values = {"supplier": supplier, "supplier_ref": reference, "lines": lines}
        buyer = staff["purchaser"][0]
        receiver = staff["warehouse"][index % len(staff["warehouse"])]
        with dated(created):
            order = records.create(PURCHASE, values, actor_id=buyer, commit=False)
        timeline = Timeline(PURCHASE, order, [created])
        instants = demo_time.steps(created, [gaps[step] for step in path], now)
        for state, at in zip(path, instants, strict=True):
            actor = receiver if state == "received" else buyer  # the warehouse counts it in
            records.transition(PURCHASE, order, state, actor_id=actor, commit=False)
            timeline.instants.append(at)
        timelines.append(timeline)
    return timelines
