"""The task workflow, the review rule, who sees which task, and the due-date badges (run with the
package installed: ``pip install -e ".[test]" && pytest``; every test runs on SQLite and on
PostgreSQL)."""

from datetime import timedelta

import pytest

from core.db import db, utcnow
from core.errors import PermissionDenied, TransitionError, ValidationError
from core.records import create, transition, update

TASK = "tasks.task"


def _task(creator=None, **values):
    return create(TASK, {"title": "Gia hạn tên miền công ty", **values}, creator)


@pytest.fixture
def team(make_user):
    """Two members and a task manager."""
    return {
        "an": make_user("an@example.com", roles=["task_member"]),
        "binh": make_user("binh@example.com", roles=["task_member"]),
        "lan": make_user("lan@example.com", roles=["task_manager"]),
    }


def test_a_task_goes_from_todo_to_done_through_review(app, team):
    with app.app_context():
        task = _task(team["lan"], assignee_id=team["an"])
        assert (task.state, task.requester_id) == ("todo", team["lan"])
        transition(TASK, task, "doing", team["an"])
        transition(TASK, task, "review", team["an"])
        transition(TASK, task, "doing", team["binh"], note="the totals are missing")
        transition(TASK, task, "review", team["an"])
        transition(TASK, task, "done", team["binh"])
        assert task.state == "done"
        with pytest.raises(TransitionError):
            transition(TASK, task, "doing", team["lan"])


def test_the_assignee_neither_accepts_nor_pulls_back_nor_edits_work_in_review(app, team):
    with app.app_context():
        task = _task(team["an"], assignee_id=team["an"])
        transition(TASK, task, "doing", team["an"])
        transition(TASK, task, "review", team["an"])
        for attempt in (
            lambda: transition(TASK, task, "done", team["an"]),
            lambda: transition(TASK, task, "doing", team["an"]),
            lambda: update(TASK, task, {"title": "Xong rồi"}, team["an"]),
        ):
            with pytest.raises(PermissionDenied):
                attempt()
            db.session.rollback()
        assert db.session.get(type(task), task.id).state == "review"


def test_a_manager_may_accept_their_own_work(app, team):
    with app.app_context():
        task = _task(team["lan"], assignee_id=team["lan"])
        for state in ("doing", "review", "done"):
            transition(TASK, task, state, team["lan"])
        assert task.state == "done"


def test_the_reviewer_is_someone_other_than_the_assignee(app, team):
    with app.app_context(), pytest.raises(ValidationError) as refused:
        _task(team["an"], assignee_id=team["an"], reviewer_id=team["an"])
    assert "reviewer_id" in refused.value.fields


def test_members_see_the_tasks_they_do_review_or_asked_for(app, client, team, login):
    with app.app_context():
        _task(team["lan"], title="Làm cho An", assignee_id=team["an"])
        _task(team["lan"], title="An duyệt", assignee_id=team["binh"], reviewer_id=team["an"])
        _task(team["binh"], title="Bình tự làm", assignee_id=team["binh"])
    login(client, team["an"])
    titles = sorted(item["title"] for item in client.get(f"/api/v1/{TASK}").json["items"])
    assert titles == ["An duyệt", "Làm cho An"]


def test_my_tasks_is_the_list_of_the_viewers_open_tasks(app, client, team, login):
    with app.app_context():
        _task(team["lan"], title="Đang làm", assignee_id=team["an"])
        done = _task(team["lan"], title="Đã xong", assignee_id=team["an"])
        for state, actor in (("doing", "an"), ("review", "an"), ("done", "lan")):
            transition(TASK, done, state, team[actor])
    login(client, team["an"])
    page = client.get("/tasks/mine", follow_redirects=True).get_data(as_text=True)
    assert "Đang làm" in page and "Đã xong" not in page


def test_open_tasks_past_their_due_date_carry_a_badge(app, client, team, login):
    today = utcnow().date()  # the viewer's zone is Vietnam's, ahead of UTC: still late
    with app.app_context():
        late = _task(
            team["lan"], title="Trễ", assignee_id=team["an"], due_date=today - timedelta(1)
        ).id
        _task(team["lan"], title="Còn hạn", assignee_id=team["an"], due_date=today + timedelta(9))
    login(client, team["an"])
    badges = {
        item["id"]: [b["label"] for b in item["badges"] if b["source"] == "tasks"]
        for item in client.get(f"/api/v1/{TASK}").json["items"]
    }
    assert sorted(badges.values()) == [[], ["Overdue"]] and badges[late] == ["Overdue"]
