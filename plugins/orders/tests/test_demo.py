"""The demo company's orders load quickly, cover every state, and load only once."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import func, select

from core.db import db
from core.demo import DemoContext
from core.models import User
from plugins.orders.demo import load_demo
from plugins.orders.models import Product, PurchaseOrder, SalesOrder

#: a Wednesday morning: the 200 planned orders and no web orders taken during a break
WORKING_DAY = datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def counts() -> dict[str, int]:
    return {
        "products": db.session.scalar(select(func.count()).select_from(Product)),
        "sales": db.session.scalar(select(func.count()).select_from(SalesOrder)),
        "purchases": db.session.scalar(select(func.count()).select_from(PurchaseOrder)),
        "users": db.session.scalar(select(func.count()).select_from(User)),
    }


def test_the_demo_loads_every_state_once(app):
    with app.app_context(), time_machine.travel(WORKING_DAY, tick=False):
        started = time.perf_counter()
        load_demo(DemoContext())
        first = time.perf_counter() - started
        loaded = counts()
        assert loaded["products"] == 30
        assert loaded["sales"] == 200
        assert loaded["purchases"] == 10
        states = {
            state: count
            for state, count in db.session.execute(
                select(SalesOrder.state, func.count()).group_by(SalesOrder.state)
            )
        }
        assert set(states) == {
            "draft",
            "confirmed",
            "picking",
            "packed",
            "shipped",
            "delivered",
            "cancelled",
        }
        assert states["delivered"] > 100
        express = db.session.scalar(
            select(func.count()).where(SalesOrder.priority == "express").select_from(SalesOrder)
        )
        assert 10 < express < 100
        load_demo(DemoContext())
        assert counts() == loaded
    # generous: the load takes ~3 s on SQLite on an idle machine; CI machines are shared
    assert first < 60


def test_demo_orders_spread_over_a_month_in_creation_order_and_stock_adds_up(app):
    with app.app_context(), time_machine.travel(WORKING_DAY, tick=False):
        demo = DemoContext()
        load_demo(demo)
        orders = db.session.execute(select(SalesOrder).order_by(SalesOrder.id)).scalars().all()
        created = [o.created_at for o in orders]
        assert created == sorted(created)
        assert 25 <= (demo.now - created[0]).days <= 35  # 21 working days at most
        assert all(c <= demo.now for c in created)
        numbers = [o.number for o in orders]
        assert numbers == sorted(numbers) and len(set(numbers)) == 200
        for product in db.session.execute(select(Product)).scalars():
            assert 0 <= product.stock_reserved <= product.stock_on_hand


def test_demo_staff_have_the_names_and_roles_the_crm_demo_gives_them():
    """Both demo tables name the same people alike (HR's table is the canonical one; a test
    of HR's checks every login against it after a full demo load)."""
    from plugins.crm.demo import PEOPLE as CRM_PEOPLE
    from plugins.orders.demo_catalog import PEOPLE

    shared = set(PEOPLE) & set(CRM_PEOPLE)
    assert shared == {"sales1@nhip.local", "sales2@nhip.local"}
    assert {email: PEOPLE[email] for email in shared} == {e: CRM_PEOPLE[e] for e in shared}
