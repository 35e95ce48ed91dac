"""The CRM's demo history happens in working hours, in order, before the load.

The SLA plugin replays audit trails (creation at ``created_at``, then each transition at its
audit time) to build the demo's clocks, so those times must be consistent and plausible.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import groupby

import pytest
import time_machine
from sqlalchemy import select

from core import demo_time
from core.db import db
from core.demo import DemoContext
from core.models import AuditEntry
from plugins.crm.demo import load_demo
from plugins.crm.models import Customer, Lead, Ticket

MODELS = {"crm.customer": Customer, "crm.lead": Lead, "crm.ticket": Ticket}
#: a Friday evening and a Monday morning (Asia/Ho_Chi_Minh): loads outside and inside work
LOADS = [datetime(2026, 11, 27, 14, 34, tzinfo=UTC), datetime(2026, 11, 30, 1, 10, tzinfo=UTC)]


def history_problems(prefix: str, models: dict, now: datetime) -> list[str]:
    """What is wrong with the audit trails of the records of ``models`` (none: all good)."""
    problems = []
    entries = db.session.execute(
        select(AuditEntry)
        .where(AuditEntry.entity.like(f"{prefix}.%"))
        .order_by(AuditEntry.entity, AuditEntry.record_id, AuditEntry.id)
    ).scalars()
    trails = {key: list(rows) for key, rows in groupby(entries, lambda e: (e.entity, e.record_id))}
    for key, model in models.items():
        for record in db.session.execute(select(model)).scalars():
            trail = trails.get((key, record.id), [])
            where = f"{key} {record.id}"
            if not trail or trail[0].kind != "created":
                problems.append(f"{where}: the trail does not start with its creation")
                continue
            times = [entry.at for entry in trail]
            if times != sorted(times):
                problems.append(f"{where}: out of order {times}")
            problems += [f"{where}: {at} off work" for at in times if not demo_time.is_working(at)]
            problems += [f"{where}: {at} after the load" for at in times if at > now]
            created_at = getattr(record, "created_at", None)
            if created_at is not None and created_at != trail[0].at:
                problems.append(f"{where}: created_at {created_at} != {trail[0].at}")
    return problems


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
