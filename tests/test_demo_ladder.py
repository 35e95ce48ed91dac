"""The demo's escalation ladder on a sales order left unconfirmed: its salesperson is reminded,
then warned, the breach reaches their manager, and incidents follow: each on time, once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core import records
from core.db import db
from core.models import Notification
from plugins.sla.demo import CONFIRM
from plugins.sla.escalation.sweep import sweep
from plugins.sla.models import Escalation, Incident

VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: Monday 7 December 2026, 09:00: Confirm (2 working hours) is due at 11:00
CREATED = datetime(2026, 12, 7, 9, 0, tzinfo=VN)
#: each level of the demo ladder, the instant it is reached, and who hears of it
STEPS = [
    (50, "10:00", {"seller"}),
    (90, "10:48", {"seller"}),
    (100, "11:00", {"seller", "boss"}),
    (150, "12:00", {"boss", "head"}),  # 180 working minutes: the morning's end
    (200, "14:30", {"boss", "head"}),  # the lunch break does not count
]


@pytest.fixture
def shop(app, make_user):
    """The demo's SLA set-up; a sales department (head Hoa) where Lan sells under Minh."""
    people = {
        "seller": make_user("lan@example.com", ["employee", "sales"], name="Lan"),
        "boss": make_user("minh@example.com", ["employee", "manager", "sales"], name="Minh"),
        "head": make_user("hoa@example.com", ["employee", "manager", "sales_manager"], name="Hoa"),
    }
    with app.app_context():
        from plugins.sla.demo import load

        load(None)
        sales = records.create("hr.department", {"code": "SALES", "name": "Sales"})
        head = _employee("Hoa", people["head"], sales.id, None)
        boss = _employee("Minh", people["boss"], sales.id, head.id)
        _employee("Lan", people["seller"], sales.id, boss.id)
        records.update("hr.department", sales, {"head_id": head.id})
        customer = records.create("crm.customer", {"name": "Công ty Minh Phát", "tier": "gold"})
        rice = records.create(
            "orders.product",
            {"sku": "GAO", "name": "Gạo ST25", "unit_price": 185_000, "stock_on_hand": 50},
        )
        db.session.commit()
        people["customer"], people["rice"] = customer.id, rice.id
        db.session.remove()
    return people


def _employee(name, user_id, department_id, manager_id):
    return records.create(
        "hr.employee",
        {
            "name": name,
            "user_id": user_id,
            "department_id": department_id,
            "manager_id": manager_id,
        },
    )


def _at(hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return CREATED.replace(hour=hour, minute=minute)


def _told(people) -> dict[str, int]:
    counts = {}
    for name, user_id in people.items():
        counts[name] = db.session.execute(
            db.select(db.func.count(Notification.id)).where(Notification.user_id == user_id)
        ).scalar_one()
    return counts


def test_an_unconfirmed_order_climbs_the_demo_ladder_on_time_and_once(app, shop):
    people = {k: shop[k] for k in ("seller", "boss", "head")}
    with app.app_context(), time_machine.travel(CREATED, tick=False) as traveller:
        order = records.create(
            "orders.sales_order",
            {
                "customer_id": shop["customer"],
                "lines": [{"product_id": shop["rice"], "quantity": 2}],
            },
            actor_id=shop["seller"],
        )
        before = _told(people)
        for percent, hhmm, told in STEPS:
            traveller.move_to(_at(hhmm) - timedelta(seconds=1))
            sweep()
            assert _fired(order) == [p for p, _, _ in STEPS if p < percent], hhmm
            traveller.move_to(_at(hhmm))
            sweep()
            sweep()  # a second sweep at the same instant adds nothing
            after = _told(people)
            heard = {name for name in people if after[name] > before[name]}
            assert heard == told, (percent, heard)
            before = after
        incidents = db.session.execute(db.select(Incident).order_by(Incident.id)).scalars().all()
        assert [(i.level, i.severity, i.bonus_impact, i.user_id) for i in incidents] == [
            (150, "minor", False, shop["seller"]),
            (200, "major", True, shop["seller"]),
        ]
        confirm = db.session.execute(
            db.select(Escalation.percent, Escalation.fired_at)
            .where(Escalation.record_id == order.id, Escalation.target_name == CONFIRM)
            .order_by(Escalation.percent)
        ).all()
        assert [(p, at.astimezone(VN).strftime("%H:%M")) for p, at in confirm] == [
            (p, hhmm) for p, hhmm, _ in STEPS
        ]


def _fired(order) -> list[float]:
    return list(
        db.session.execute(
            db.select(Escalation.percent)
            .where(Escalation.record_id == order.id, Escalation.target_name == CONFIRM)
            .order_by(Escalation.percent)
        ).scalars()
    )
