"""Queues by urgency and the one definition of a status: Leave to decide lists the nearest
decision deadline first when SLA tracks leave; the SQL that filters and counts records says of
every clock what the badges say."""

from __future__ import annotations

import re
from datetime import date, timedelta

from core import records
from core.db import db, utcnow
from plugins.hr.org import employee_of_user
from plugins.sla.config_store import apply
from plugins.sla.models import Clock
from plugins.sla.record_status import clock_in_status
from plugins.sla.status import STATUSES, clock_status
from plugins.sla.switches import set_tracking
from plugins.sla.tests.helpers import move, new_request
from plugins.sla.tests.test_dashboard import desk_agent_role  # noqa: F401
from plugins.sla.tests.test_team import MONDAY_9, org  # noqa: F401

DECIDE = {
    "name": "Leave decisions",
    "entity": "hr.leave_request",
    "calendar": "VN office",
    "targets": [
        {
            "name": "Decide",
            "start": ["submitted"],
            "stop": ["approved", "rejected"],
            "cancel": ["cancelled"],
            "minutes": 480,
            "warn": [75],
        }
    ],
}


def _file(user_id: int, first: date):
    employee = employee_of_user(user_id)
    values = {"employee_id": employee.id, "first_day": first, "last_day": first}
    return records.create("hr.leave_request", values, user_id)


def test_leave_to_decide_lists_the_nearest_decision_deadline_first(
    org,  # noqa: F811
    client,
    login,
    clock_at,
):
    apply({"policies": [DECIDE]})
    set_tracking("hr.leave_request", True)
    db.session.commit()
    clock_at(MONDAY_9)
    first_filed = _file(org["staff"], date(2026, 12, 21))
    second_filed = _file(org["staff2"], date(2026, 12, 22))
    third_filed = _file(org["staff"], date(2026, 12, 28))
    records.transition("hr.leave_request", second_filed, "submitted", org["staff2"])
    clock_at("2026-12-07T10:00")
    records.transition("hr.leave_request", third_filed, "submitted", org["staff"])
    clock_at("2026-12-07T11:00")
    records.transition("hr.leave_request", first_filed, "submitted", org["staff"])
    db.session.commit()
    login(client, org["lead"])
    page = client.get("/hr/leave/decide").get_data(as_text=True)
    shown = [int(n) for n in re.findall(r'data-badges="(\d+)"', page)]
    assert shown == [second_filed.id, third_filed.id, first_filed.id]
    assert "Decide:" in page


def test_the_sql_status_of_a_clock_is_the_badges_status(org, clock_at):  # noqa: F811
    clock_at(MONDAY_9)
    request = new_request(owner_id=org["staff"], team="SUPPORT")
    waiting = new_request(owner_id=org["staff2"], team="SUPPORT")
    clock_at("2026-12-07T09:10")
    move(waiting, "open")  # Respond met
    move(waiting, "waiting")  # Resolve paused
    done = new_request(owner_id=org["staff"], team="SUPPORT")
    move(done, "done")
    db.session.commit()
    start = utcnow()
    for minutes in range(0, 8 * 60, 23):  # through at risk and breached, lunch included
        now = start + timedelta(minutes=minutes)
        for clock in db.session.execute(db.select(Clock)).scalars():
            expected = clock_status(clock.state, now, clock.deadline, clock.warn_at)
            said = [
                status
                for status in STATUSES
                if db.session.execute(
                    db.select(Clock.id).where(Clock.id == clock.id, clock_in_status(status, now))
                ).first()
            ]
            assert said == [expected], (clock.target_name, clock.state, now)
    assert request.id and waiting.id
