"""HR's demo history happens in working hours, in order, before the load; leave is asked for
before it starts and decided before the load.

The SLA plugin replays audit trails (creation at the 'created' entry, then each transition at
its audit time) to build the demo's clocks, so those times must be consistent and plausible.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from core.db import db
from core.demo import DemoContext
from core.demo_time import ZONE
from core.testing_demo import audit_trails, history_problems
from plugins.hr.demo import load_demo
from plugins.hr.models import Department, Employee, LeaveRequest

MODELS = {"hr.department": Department, "hr.employee": Employee, "hr.leave_request": LeaveRequest}
#: a Friday evening and a Monday morning (Asia/Ho_Chi_Minh): loads outside and inside work
LOADS = [datetime(2026, 11, 27, 14, 34, tzinfo=UTC), datetime(2026, 11, 30, 1, 10, tzinfo=UTC)]


@pytest.mark.parametrize("now", LOADS, ids=["friday-evening", "monday-morning"])
def test_demo_history_is_in_working_hours_in_order_and_before_the_load(app, now):
    with app.app_context(), time_machine.travel(now, tick=False):
        load_demo(DemoContext())
        assert history_problems("hr", MODELS, now, check_created_at=False) == []


def test_leave_is_filed_before_it_starts_and_decided_when_its_history_says(app):
    with app.app_context(), time_machine.travel(LOADS[0], tick=False):
        load_demo(DemoContext())
        found = audit_trails("hr")
        for leave in db.session.execute(select(LeaveRequest)).scalars():
            trail = found[("hr.leave_request", leave.id)]
            filed = trail[0].at.astimezone(ZONE)
            if leave.leave_type != "sick":
                assert filed.date() < leave.first_day, leave.reason
            if leave.state in ("approved", "rejected"):
                assert leave.decided_at == trail[-1].at
                assert trail[-1].changes == {"state": ["submitted", leave.state]}
