"""The CRM's demo history happens in working hours, in order, before the load.

The SLA plugin replays audit trails (creation at ``created_at``, then each transition at its
audit time) to build the demo's clocks, so those times must be consistent and plausible.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from core import demo_time
from core.db import db
from core.demo import DemoContext
from core.models import AuditEntry
from core.testing_demo import history_problems
from plugins.crm.demo import load_demo
from plugins.crm.models import Customer, Lead, Ticket

MODELS = {"crm.customer": Customer, "crm.lead": Lead, "crm.ticket": Ticket}
#: a Friday evening and a Monday morning (Asia/Ho_Chi_Minh): loads outside and inside work
LOADS = [datetime(2026, 11, 27, 14, 34, tzinfo=UTC), datetime(2026, 11, 30, 1, 10, tzinfo=UTC)]


@pytest.mark.parametrize("now", LOADS, ids=["friday-evening", "monday-morning"])
def test_demo_history_is_in_working_hours_in_order_and_before_the_load(app, now):
    with app.app_context(), time_machine.travel(now, tick=False):
        load_demo(DemoContext())
        assert history_problems("crm", MODELS, now) == []


def test_demo_tickets_answered_late_show_sla_breaches(app):
    """Some first responses take more than two working hours (the demo's SLA allows one)."""
    with app.app_context(), time_machine.travel(LOADS[0], tick=False):
        load_demo(DemoContext())
        waits = []
        for ticket in db.session.execute(select(Ticket)).scalars():
            moves = db.session.execute(
                select(AuditEntry.at)
                .where(AuditEntry.entity == "crm.ticket", AuditEntry.record_id == ticket.id)
                .where(AuditEntry.kind == "transition")
                .order_by(AuditEntry.id)
                .limit(1)
            ).scalar_one_or_none()
            if moves is not None:
                waits.append(demo_time.minutes_between(ticket.created_at, moves))
        assert any(wait > 120 for wait in waits)
        assert sum(wait <= 60 for wait in waits) > len(waits) / 2
