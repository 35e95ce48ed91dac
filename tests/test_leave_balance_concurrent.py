"""Two annual leave requests submitted at the same moment against the real server (SQLite,
PostgreSQL): together they overdraw the balance, so one is submitted and the other refused;
the balance is never spent twice."""

from __future__ import annotations

from datetime import date

import test_concurrency_server as server
from sqlalchemy import select
from test_concurrency_server import at_once, move, person, statuses

from core import records
from core.db import db

LEAVE = "hr.leave_request"
#: the real server of tests/test_concurrency_server.py, shared (one per backend and module)
live_server = server.live_server
live = server.live


def test_two_requests_submitted_at_once_never_overdraw_the_balance(live):
    staff, token = person(live.app, "staff@example.com", ["employee"])
    with live.app.app_context():
        worker = records.create(
            "hr.employee", {"name": "Nhân viên", "user_id": staff, "leave_allowance": 3}
        )
        drafts = [
            records.create(
                LEAVE,
                {"employee_id": worker.id, "first_day": first, "last_day": last},
                staff,
            ).id
            for first, last in (
                (date(2031, 3, 3), date(2031, 3, 4)),
                (date(2031, 3, 10), date(2031, 3, 11)),
            )
        ]
    answers = at_once([move(live, LEAVE, leave_id, "submitted", token) for leave_id in drafts])
    assert statuses(answers)[0] == 200 and statuses(answers)[1] in (409, 422), [
        (a.status_code, a.text[:200]) for a in answers
    ]
    refused = next(a for a in answers if a.status_code != 200)
    assert "only 1 are left in 2031" in refused.text
    with live.app.app_context():
        model = records.entity_type(LEAVE).model
        states = db.session.execute(select(model.state).where(model.id.in_(drafts))).scalars()
        assert sorted(states) == ["draft", "submitted"]
        db.session.remove()
