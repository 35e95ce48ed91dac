"""Demo SLA set-up: the VN office calendar, policies for orders, tickets, leads and leave
requests with an escalation ladder, tracking switched on for those types, and clocks for the
demo records already there (their history replayed, escalations included, as if a worker had
run all along)."""

from __future__ import annotations

from flask import current_app

from core.db import db
from plugins.sla.backfill import backfill
from plugins.sla.config_store import apply
from plugins.sla.switches import set_tracking

OFFICE = {
    "name": "VN office",
    "timezone": "Asia/Ho_Chi_Minh",
    "country": "VN",
    "week": {d: ["08:00-12:00", "13:30-17:30"] for d in ("mon", "tue", "wed", "thu", "fri")},
    "holidays": [],
    "workdays": [],
}
ALWAYS = {
    "name": "24/7",
    "timezone": "Asia/Ho_Chi_Minh",
    "country": None,
    "week": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
    "holidays": [],
    "workdays": [],
}

#: the demo company is Vietnamese: its targets and policies are named in Vietnamese (tests
#: that follow the demo refer to them by these constants)
CONFIRM = "Xác nhận"
SHIP = "Giao hàng"
PROMISE = "Cam kết 48 giờ"
FIRST_RESPONSE = "Phản hồi đầu tiên"
RESOLVE = "Giải quyết"
FIRST_CONTACT = "Liên hệ đầu tiên"
DECIDE = "Duyệt đơn"
EXPRESS_ORDERS = "Đơn hỏa tốc"
STANDARD_ORDERS = "Đơn tiêu chuẩn"
VIP_TICKETS = "Phiếu hỗ trợ VIP"
STANDARD_TICKETS = "Phiếu hỗ trợ tiêu chuẩn"
NEW_LEADS = "Khách hàng tiềm năng mới"
LEAVE_DECISIONS = "Duyệt nghỉ phép"

#: the demo's escalation ladder: a reminder when half the time is used, an urgent warning just
#: before the deadline, the breach told to the manager, then an incident on the person's record,
#: and past double the goal an incident that counts against their bonus
LADDER = [
    {"at": 50, "actions": [{"type": "notify", "to": ["responsible"]}]},
    {"at": 90, "actions": [{"type": "notify", "to": ["responsible"]}]},
    {"at": 100, "actions": [{"type": "notify", "to": ["responsible", "manager"]}]},
    {
        "at": 150,
        "actions": [
            {"type": "incident", "severity": "minor"},
            {"type": "notify", "to": ["manager", "department_head"]},
        ],
    },
    {
        "at": 200,
        "actions": [
            {"type": "incident", "severity": "major", "bonus_impact": True},
            {"type": "notify", "to": ["manager"], "levels": 2},
        ],
    },
]
#: a lighter ladder for leads and leave: remind, then tell the manager at the deadline
REMIND_THEN_MANAGER = [
    LADDER[0],
    {"at": 100, "actions": [{"type": "notify", "to": ["responsible", "manager"]}]},
]


def _order_targets(ship_minutes: int) -> list[dict]:
    return [
        {
            "name": CONFIRM,
            "start": ["created"],
            "stop": ["confirmed", "picking", "packed", "shipped", "delivered"],
            "cancel": ["cancelled"],
            "minutes": 120,
            "warn": [50, 80],
            "escalations": LADDER,
        },
        {
            "name": SHIP,
            "start": ["confirmed"],
            "stop": ["shipped", "delivered"],
            "cancel": ["cancelled"],
            "minutes": ship_minutes,
            "warn": [50, 80],
            "escalations": LADDER,
        },
        {
            "name": PROMISE,
            "start": ["created"],
            "stop": ["shipped", "delivered"],
            "cancel": ["cancelled"],
            "minutes": 48 * 60,
            "warn": [75],
            "calendar": "24/7",
            "escalations": [{"at": 100, "actions": [{"type": "notify", "to": ["manager"]}]}],
        },
    ]


def _ticket_targets(first_response: int) -> list[dict]:
    return [
        {
            "name": FIRST_RESPONSE,
            "start": ["created"],
            "stop": ["open", "waiting_customer", "resolved", "closed"],
            "minutes": first_response,
            "warn": [50, 80],
            "escalations": LADDER,
        },
        {
            "name": RESOLVE,
            "start": ["created"],
            "pause": ["waiting_customer"],
            "stop": ["resolved", "closed"],
            "minutes": 8 * 60,
            "warn": [50, 80],
            "escalations": LADDER,
        },
    ]


POLICIES = [
    {
        "name": EXPRESS_ORDERS,
        "entity": "orders.sales_order",
        "order": 10,
        "conditions": {"all": [{"field": "priority", "op": "eq", "value": "express"}]},
        "calendar": "VN office",
        "on_change": "carry_over",
        "targets": _order_targets(4 * 60),
    },
    {
        "name": STANDARD_ORDERS,
        "entity": "orders.sales_order",
        "order": 100,
        "conditions": {},
        "calendar": "VN office",
        "on_change": "carry_over",
        "targets": _order_targets(8 * 60),
    },
    {
        "name": VIP_TICKETS,
        "entity": "crm.ticket",
        "order": 10,
        "conditions": {"all": [{"field": "customer_tier", "op": "eq", "value": "vip"}]},
        "calendar": "VN office",
        "on_change": "carry_over",
        "targets": _ticket_targets(30),
    },
    {
        "name": STANDARD_TICKETS,
        "entity": "crm.ticket",
        "order": 100,
        "conditions": {},
        "calendar": "VN office",
        "on_change": "carry_over",
        "targets": _ticket_targets(60),
    },
    {
        "name": NEW_LEADS,
        "entity": "crm.lead",
        "order": 100,
        "conditions": {},
        "calendar": "VN office",
        "on_change": "restart",
        "targets": [
            {
                "name": FIRST_CONTACT,
                "start": ["created"],
                "stop": ["contacted", "qualified", "won"],
                "cancel": ["lost"],
                "minutes": 120,
                "warn": [50],
                "escalations": REMIND_THEN_MANAGER,
            }
        ],
    },
    {
        "name": LEAVE_DECISIONS,
        "entity": "hr.leave_request",
        "order": 100,
        "conditions": {},
        "calendar": "VN office",
        "on_change": "restart",
        "targets": [
            {
                "name": DECIDE,
                "start": ["submitted"],
                "stop": ["approved", "rejected"],
                "cancel": ["cancelled"],
                "minutes": 2 * 8 * 60,
                "warn": [50],
                "escalations": REMIND_THEN_MANAGER,
            }
        ],
    },
]


def load(demo) -> None:
    """Idempotent: the calendars and policies are created or left unchanged by name."""
    registry = current_app.extensions["nhip"].entities
    policies = [p for p in POLICIES if p["entity"] in registry]
    apply({"calendars": [OFFICE, ALWAYS], "policies": policies}, commit=False)
    for key in sorted({p["entity"] for p in policies}):
        set_tracking(key, True)
        db.session.flush()
        backfill(registry.get(key), escalate=True)
    db.session.flush()
