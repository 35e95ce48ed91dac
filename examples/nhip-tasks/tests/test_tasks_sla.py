"""SLA on tasks with the policy file this package ships (``sla-tasks.json``): clocks, badges,
the pause in review and the escalation ladder, with no code of this plugin for it."""

from pathlib import Path

import pytest

from core.db import db
from core.models import Notification
from core.records import get_record, transition

TASK = "tasks.task"
POLICY_FILE = Path(__file__).parent.parent / "sla-tasks.json"

pytestmark = pytest.mark.nhip_plugins("sla")


@pytest.fixture
def tracked(sla_track, sla_load):
    """Tasks tracked under the shipped policy, as an admin sets it up."""
    sla_track(TASK)
    return sla_load(POLICY_FILE)


def _move(app, task, state, actor):
    with app.app_context():
        transition(TASK, get_record(TASK, task.id), state, actor)


def test_the_policy_file_loads_as_is(tracked):
    assert tracked["created"] == ["calendar Task office", "policy Internal tasks"]


def test_a_task_not_started_in_4_working_hours_tells_its_assignee_once(
    app, clock, tracked, make_user, make_record, sla_clocks, sla_badges, run_due_escalations
):
    clock.set("2026-12-07 09:00")  # a Monday; lunch is 12:00-13:30: Start is due at 14:30
    an = make_user("an@example.com", roles=["task_member"])
    task = make_record(TASK, title="Đối soát công nợ", assignee_id=an)
    assert sla_clocks(TASK, task) == {"Start": "running", "Finish": "running"}
    assert sla_badges(TASK, task)[0] == "Start: 4h left"

    clock.set("2026-12-07 14:31")
    assert run_due_escalations().fired == 1
    assert run_due_escalations().fired == 0
    with app.app_context():
        told = db.session.execute(db.select(Notification.user_id)).scalars().all()
    assert told == [an]
    assert sla_badges(TASK, task)[0].startswith("Start: breached")


def test_finish_is_paused_while_the_work_is_in_review(
    app, clock, tracked, make_user, make_record, sla_clocks
):
    clock.set("2026-12-07 09:00")
    an = make_user("an@example.com", roles=["task_member"])
    binh = make_user("binh@example.com", roles=["task_member"])
    task = make_record(TASK, title="Đối soát công nợ", assignee_id=an, reviewer_id=binh)
    clock.set("2026-12-07 10:00")
    _move(app, task, "doing", an)
    _move(app, task, "review", an)
    assert sla_clocks(TASK, task) == {"Start": "met", "Finish": "paused"}
    clock.set("2026-12-07 11:00")
    _move(app, task, "doing", binh)  # sent back: the assignee has the ball again
    assert sla_clocks(TASK, task) == {"Start": "met", "Finish": "running"}
    _move(app, task, "review", an)
    _move(app, task, "done", binh)
    assert sla_clocks(TASK, task) == {"Start": "met", "Finish": "met"}
