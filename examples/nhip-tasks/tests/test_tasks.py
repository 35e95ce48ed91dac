"""The task workflow, the review rule, who sees which task, and the due-date badges; each test
on SQLite and on PostgreSQL (Nhịp's pytest fixtures: see conftest.py)."""

from datetime import timedelta

import pytest

from core.db import db, utcnow
from core.errors import PermissionDenied, TransitionError, ValidationError
from core.records import transition, update

TASK = "tasks.task"


@pytest.fixture
def team(make_user):
    """Two members and a task manager."""
    return {
        "an": make_user("an@example.com", roles=["task_member"]),
        "binh": make_user("binh@example.com", roles=["task_member"]),
        "lan": make_user("lan@example.com", roles=["task_manager"]),
    }


def test_a_task_goes_from_todo_to_done_through_review(app, team, make_record):
    with app.app_context():
        task = make_record(TASK, actor_id=team["lan"], assignee_id=team["an"])
        assert (task.state, task.requester_id) == ("todo", team["lan"])
        transition(TASK, task, "doing", team["an"])
        transition(TASK, task, "review", team["an"])
        transition(TASK, task, "doing", team["binh"], note="the totals are missing")
        transition(TASK, task, "review", team["an"])
        transition(TASK, task, "done", team["binh"])
        assert task.state == "done"
        with pytest.raises(TransitionError):
            transition(TASK, task, "doing", team["lan"])


def test_the_assignee_neither_accepts_nor_pulls_back_nor_edits_work_in_review(
    app, team, make_record
):
    with app.app_context():
        task = make_record(TASK, actor_id=team["an"], assignee_id=team["an"])
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


def test_a_manager_may_accept_their_own_work(app, team, make_record):
    with app.app_context():
        task = make_record(TASK, actor_id=team["lan"], assignee_id=team["lan"])
        for state in ("doing", "review", "done"):
            transition(TASK, task, state, team["lan"])
        assert task.state == "done"


def test_the_reviewer_is_someone_other_than_the_assignee(team, make_record):
    with pytest.raises(ValidationError) as refused:
        make_record(TASK, assignee_id=team["an"], reviewer_id=team["an"])
    assert "reviewer_id" in refused.value.fields


def test_members_see_the_tasks_they_do_review_or_asked_for(client, team, login, make_record):
    make_record(TASK, actor_id=team["lan"], title="Làm cho An", assignee_id=team["an"])
    reviewed_by_an = {"assignee_id": team["binh"], "reviewer_id": team["an"]}
    make_record(TASK, actor_id=team["lan"], title="An duyệt", **reviewed_by_an)
    make_record(TASK, actor_id=team["binh"], title="Bình tự làm", assignee_id=team["binh"])
    login(client, team["an"])
    titles = sorted(item["title"] for item in client.get(f"/api/v1/{TASK}").json["items"])
    assert titles == ["An duyệt", "Làm cho An"]


def test_my_tasks_is_the_list_of_the_viewers_open_tasks(app, client, login_as, make_record):
    me = login_as("task_member")
    make_record(TASK, title="Đang làm", assignee_id=me)
    with app.app_context():
        done = make_record(TASK, title="Đã xong", assignee_id=me)
        for state in ("doing", "review", "done"):
            transition(TASK, done, state)  # the system, not the assignee, accepts it here
    page = client.get("/tasks/mine", follow_redirects=True).get_data(as_text=True)
    assert "Đang làm" in page and "Đã xong" not in page


def test_open_tasks_past_their_due_date_carry_a_badge(client, clock, login_as, make_record):
    clock.set("2026-12-07 09:00")
    me = login_as("task_member")
    today = utcnow().date()
    late = make_record(TASK, title="Trễ", assignee_id=me, due_date=today - timedelta(days=1))
    make_record(TASK, title="Hôm nay", assignee_id=me, due_date=today)
    make_record(TASK, title="Còn hạn", assignee_id=me, due_date=today + timedelta(days=9))
    badges = {
        item["title"]: [b["label"] for b in item["badges"] if b["source"] == "tasks"]
        for item in client.get(f"/api/v1/{TASK}").json["items"]
    }
    assert badges == {"Trễ": ["Overdue"], "Hôm nay": ["Due today"], "Còn hạn": []}
    assert late.state == "todo"


def test_every_route_answers_every_role(check_routes):
    report = check_routes("tasks")
    assert report.answers[("GET /tasks/mine", "task_member")] == 302
    assert report.answers[("GET /r/tasks.task/", "no role")] == 403
