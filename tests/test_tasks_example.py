"""The third-party example ``examples/nhip-tasks``, loaded from a plugins folder as an instance
would run it without installing: its pages and API work for its roles, its workflow and review
rule are enforced as the host enforces its own (403, 409, 422), and SLA tracks its tasks with no
change to the SLA plugin: an admin switches tracking on and imports a policy in the SLA pages,
then tasks get clocks, badges and an escalation when a deadline passes."""

import io
import json
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
import time_machine
from babel.messages.pofile import read_po
from test_concurrency_server import TIMEOUT, at_once, person

from core.db import db
from core.demo import DemoContext
from core.models import Notification
from core.testing import BACKENDS, login_as, session_app, wipe
from core.testing_server import app_env, running_server

EXAMPLE = Path(__file__).parent.parent / "examples" / "nhip-tasks"
SOURCE = EXAMPLE / "src"
TASK = "tasks.task"
API = f"/api/v1/{TASK}"


@pytest.fixture
def tasks_app(backend, request):
    """One instance per backend with the example in its plugins folder, for the whole session;
    emptied before each test."""
    app = session_app(request, backend, plugins_dir=SOURCE, name="tasks")
    wipe(app)
    yield app
    with app.app_context():
        db.session.remove()


@pytest.fixture
def people(tasks_app):
    """Two team members, a task manager and an employee without the plugin's roles."""
    from core.models import User

    ids = {}
    with tasks_app.app_context():
        for name, roles in (
            ("an", ["employee", "task_member"]),
            ("binh", ["employee", "task_member"]),
            ("lan", ["employee", "task_manager"]),
            ("clerk", ["employee"]),
        ):
            user = User(email=f"{name}@example.com", name=name.title())
            user.set_roles(roles)
            db.session.add(user)
            db.session.commit()
            ids[name] = user.id
    return ids


def as_user(app, user_id):
    client = app.test_client()
    login_as(client, user_id)
    return client


def new_task(client, **values):
    answer = client.post(API, json={"title": "Gia hạn tên miền", **values})
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def move(client, task_id, to):
    return client.post(f"{API}/{task_id}/transition", json={"to": to})


def state_of(client, task_id):
    return client.get(f"{API}/{task_id}").json["state"]


def test_it_is_a_package_of_its_own_with_an_entry_point():
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == "nhip-tasks"
    assert project["project"]["entry-points"]["nhip.plugins"] == {"tasks": "nhip_tasks"}
    assert (SOURCE / "nhip_tasks" / "migrations" / "tasks_0001_tables.py").exists()


def test_it_loads_with_its_workflow_people_and_roles(tasks_app):
    host = tasks_app.extensions["nhip"]
    assert host.is_enabled("tasks")
    entity = host.entities.get(TASK)
    assert entity.plugin == "tasks"
    assert [s.name for s in entity.states] == ["todo", "doing", "review", "done", "cancelled"]
    assert entity.final_states == {"done", "cancelled"}
    assert entity.responsible_field == "assignee_id"
    people = {f.name for f in entity.fields if f.type == "ref" and f.ref == "core.user"}
    assert people == {"assignee_id", "reviewer_id", "requester_id"}
    with tasks_app.test_request_context():
        from core.auth.access import roles_catalog

        roles = roles_catalog()
    assert roles["task_member"].permissions == {"tasks.read", "tasks.write"}
    assert {"tasks.read", "tasks.write", "tasks.manage"} <= roles["manager"].permissions


def test_its_pages_work_for_its_roles_and_refuse_others(tasks_app, people):
    an = as_user(tasks_app, people["an"])
    task_id = new_task(an, assignee_id=people["an"], due_date="2020-01-01")
    pages = {
        "list": an.get(f"/r/{TASK}/"),
        "record": an.get(f"/r/{TASK}/{task_id}"),
        "new": an.get(f"/r/{TASK}/new"),
        "edit": an.get(f"/r/{TASK}/{task_id}/edit"),
    }
    assert {name: page.status_code for name, page in pages.items()} == dict.fromkeys(pages, 200)
    listing = pages["list"].get_data(as_text=True)
    assert "Gia hạn tên miền" in listing and "Overdue" in listing and "My tasks" in listing
    mine = an.get("/tasks/mine")
    assert mine.status_code == 302 and f"assignee_id={people['an']}" in mine.location
    assert an.get("/tasks/to-review").status_code == 302

    clerk = as_user(tasks_app, people["clerk"])
    refused = [f"/r/{TASK}/", f"/r/{TASK}/{task_id}", "/tasks/mine", API, f"{API}/{task_id}"]
    assert {url: clerk.get(url).status_code for url in refused} == dict.fromkeys(refused, 403)


def test_members_see_the_tasks_they_are_part_of_and_managers_all(tasks_app, people):
    an, binh = as_user(tasks_app, people["an"]), as_user(tasks_app, people["binh"])
    new_task(an, title="An's own")
    new_task(an, title="Reviewed by Bình", reviewer_id=people["binh"])
    new_task(binh, title="Bình's own")
    titles = {
        name: sorted(
            item["title"] for item in as_user(tasks_app, people[name]).get(API).json["items"]
        )
        for name in ("an", "binh", "lan")
    }
    assert titles == {
        "an": ["An's own", "Reviewed by Bình"],
        "binh": ["Bình's own", "Reviewed by Bình"],
        "lan": ["An's own", "Bình's own", "Reviewed by Bình"],
    }


def test_the_assignee_cannot_accept_or_pull_back_their_work_in_the_api(tasks_app, people):
    an, binh = as_user(tasks_app, people["an"]), as_user(tasks_app, people["binh"])
    task_id = new_task(an, assignee_id=people["an"], reviewer_id=people["binh"])
    assert [move(an, task_id, s).status_code for s in ("doing", "review")] == [200, 200]
    assert move(an, task_id, "done").status_code == 403
    assert move(an, task_id, "doing").status_code == 403
    assert an.patch(f"{API}/{task_id}", json={"title": "Done, trust me"}).status_code == 403
    assert state_of(an, task_id) == "review"

    assert move(binh, task_id, "doing").status_code == 200  # sent back
    assert move(an, task_id, "review").status_code == 200
    assert move(binh, task_id, "done").status_code == 200
    assert state_of(an, task_id) == "done"


def test_a_manager_may_accept_their_own_work(tasks_app, people):
    lan = as_user(tasks_app, people["lan"])
    task_id = new_task(lan, assignee_id=people["lan"])
    for state in ("doing", "review", "done"):
        assert move(lan, task_id, state).status_code == 200


def test_the_workflow_and_its_permissions_answer_as_the_host_does(tasks_app, people):
    an = as_user(tasks_app, people["an"])
    task_id = new_task(an, assignee_id=people["an"])
    skipped = move(an, task_id, "done")
    assert skipped.status_code == 409 and "doing" in json.dumps(skipped.json)
    assert move(an, task_id, "cancelled").status_code == 403  # tasks.manage only
    same = an.post(
        f"{API}", json={"title": "x", "assignee_id": people["an"], "reviewer_id": people["an"]}
    )
    assert same.status_code == 422 and "reviewer_id" in json.dumps(same.json)
    assert (
        as_user(tasks_app, people["lan"])
        .post(f"{API}/{task_id}/transition", json={"to": "cancelled"})
        .status_code
        == 200
    )


def test_the_record_page_offers_accept_to_the_reviewer_only(tasks_app, people):
    an, binh = as_user(tasks_app, people["an"]), as_user(tasks_app, people["binh"])
    task_id = new_task(an, assignee_id=people["an"], reviewer_id=people["binh"])
    page = f"/r/{TASK}/{task_id}"
    for state in ("doing", "review"):
        answer = an.post(f"{page}/transition", data={"to": state, "from": state_of(an, task_id)})
        assert answer.status_code == 302
    own = an.get(page).get_data(as_text=True)
    assert "Accept" not in own and "cannot accept it" in own  # the review panel says why
    assert an.post(f"{page}/transition", data={"to": "done", "from": "review"}).status_code == 403
    assert an.get(f"{page}/edit").status_code == 403
    assert "Accept" in binh.get(page).get_data(as_text=True)
    stale = binh.post(f"{page}/transition", data={"to": "done", "from": "doing"})
    assert stale.status_code == 302 and state_of(an, task_id) == "review"  # moved on: nothing
    assert binh.post(f"{page}/transition", data={"to": "done", "from": "review"}).status_code == 302
    assert state_of(an, task_id) == "done"


def test_its_demo_data_loads_once(tasks_app):
    host = tasks_app.extensions["nhip"]
    with tasks_app.app_context():
        from nhip_local_plugins.nhip_tasks.models import Task

        for _ in range(2):
            host.module("tasks").demo_data(demo=DemoContext())
            db.session.commit()
        tasks = db.session.execute(db.select(Task)).scalars().all()
    assert len(tasks) == 6
    assert {t.state for t in tasks} == {"todo", "doing", "review", "done", "cancelled"}


# --- SLA on tasks, set up by an admin in the SLA pages (plugins/sla is not changed for it) ---

#: the example's own policy file, which its README tells admins to import
POLICY_FILE = EXAMPLE / "sla-tasks.json"


def at(local: str):
    """Freeze time at a Vietnam local instant."""
    instant = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    return time_machine.travel(instant.astimezone(UTC), tick=False)


def _track_tasks(app, admin_id):
    """What an admin does: the switch on Settings → SLA tracking, then an import file."""
    admin = as_user(app, admin_id)
    switched = admin.post("/sla/switches", data={"entity": TASK, "enabled": "1"})
    assert switched.status_code == 302
    upload = {"file": (io.BytesIO(POLICY_FILE.read_bytes()), POLICY_FILE.name)}
    imported = admin.post("/sla/config", data=upload, content_type="multipart/form-data")
    assert imported.status_code == 302, imported.get_data(as_text=True)
    overview = admin.get("/sla/").get_data(as_text=True)
    assert "Tasks" in overview


def _sla_badges(client, task_id):
    return {
        b["target"]: b["status"]
        for b in client.get(f"{API}/{task_id}").json["badges"]
        if b["source"] == "sla"
    }


def _reported(admin):
    """SLA's reports count the task's clocks like any other record type's."""
    reports = "/api/v1/sla/reports"
    by_target = admin.get(f"{reports}/compliance?entity={TASK}&month=2026-12&by=target").json
    rows = {row["label"]: (row["breached"], row["open"]) for row in by_target["rows"]}
    assert rows == {"Start (Tasks)": (1, 0), "Finish (Tasks)": (0, 1)}
    late = admin.get(f"{reports}/now?entity={TASK}").json["rows"]
    assert [(row["entity"], row["breached"]) for row in late] == [(TASK, 1)]


def test_sla_tracks_tasks_from_its_pages_with_badges_and_an_escalation(tasks_app, people):
    from plugins.sla.escalation.sweep import sweep
    from plugins.sla.models import Escalation

    with tasks_app.app_context():
        from core.models import User

        admin = User(email="admin@example.com", name="Admin")
        admin.set_roles(["admin"])
        db.session.add(admin)
        db.session.commit()
        admin_id = admin.id
    _track_tasks(tasks_app, admin_id)
    an = as_user(tasks_app, people["an"])
    with at("2026-12-07T09:00"):  # a Monday: Start is due at 14:30 (lunch 12:00-13:30)
        task_id = new_task(an, assignee_id=people["an"])
        assert _sla_badges(an, task_id) == {"Start": "on_track", "Finish": "on_track"}
        listing = an.get(f"/r/{TASK}/").get_data(as_text=True)
        assert "Start:" in listing and "Finish:" in listing
        assert "SLA" in an.get(f"/r/{TASK}/{task_id}").get_data(as_text=True)
    with at("2026-12-07T14:31"), tasks_app.app_context():
        report = sweep()
        assert report.fired == 1
        fired = db.session.execute(db.select(Escalation)).scalars().all()
        assert [(e.target_name, e.percent, e.responsible_user_id) for e in fired] == [
            ("Start", 100, people["an"])
        ]
        told = db.session.execute(db.select(Notification.user_id, Notification.subject)).all()
        assert [(user, subject.split(":")[0]) for user, subject in told] == [
            (people["an"], "Overdue")
        ]
        assert sweep().fired == 0  # once
        db.session.remove()
    with at("2026-12-07T14:32"):
        assert _sla_badges(an, task_id)["Start"] == "breached"
        _reported(as_user(tasks_app, admin_id))
    with at("2026-12-07T15:00"):
        assert move(an, task_id, "doing").status_code == 200
        assert move(an, task_id, "review").status_code == 200
        assert _sla_badges(an, task_id) == {"Start": "met_late", "Finish": "paused"}
        lan = as_user(tasks_app, people["lan"])
        assert move(lan, task_id, "doing").status_code == 200  # sent back: Finish runs again
        assert _sla_badges(an, task_id) == {"Start": "met_late", "Finish": "on_track"}


def test_every_string_of_the_example_has_a_vietnamese_translation(tmp_path):
    pot = tmp_path / "tasks.pot"
    extract = ["extract", "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l", "-o", str(pot)]
    babel = [sys.executable, "-m", "babel.messages.frontend", *extract, "src"]
    subprocess.run(babel, cwd=EXAMPLE, check=True, capture_output=True)
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    catalog_path = SOURCE / "nhip_tasks" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle)
    assert len(wanted) > 40
    assert sorted(m for m in wanted if not (catalog.get(m) and catalog.get(m).string)) == []


def test_its_pages_speak_vietnamese(tasks_app, people):
    from core.models import User

    with tasks_app.app_context():
        db.session.get(User, people["binh"]).language = "vi"
        db.session.commit()
    an, binh = as_user(tasks_app, people["an"]), as_user(tasks_app, people["binh"])
    task_id = new_task(an, assignee_id=people["an"], reviewer_id=people["binh"])
    for state in ("doing", "review"):
        move(an, task_id, state)
    page = binh.get(f"/r/{TASK}/{task_id}").get_data(as_text=True)
    assert "Việc của tôi" in page and "Nghiệm thu" in page and "Trả lại" in page
    assert "Đang chờ Binh kiểm tra kết quả." in page


# --- two people judging one task at once, against the real server ---


@pytest.fixture(scope="module", params=BACKENDS)
def live_tasks(request):
    """``nhip run`` on an instance of its own with the example (the other tests' instance is
    left alone by the server's periodic work), for this module."""
    app = session_app(request, request.param, plugins_dir=SOURCE, name="tasks-live")
    wipe(app)
    log = request.getfixturevalue("tmp_path_factory").mktemp("tasks-server") / "server.log"
    with running_server(app_env(app), log) as url:
        yield app, url


def _in_review(app, assignee: int, reviewer: int) -> int:
    from core.records import create, transition

    with app.app_context():
        task = create(TASK, {"title": "Đối soát công nợ", "assignee_id": assignee,
                             "reviewer_id": reviewer}, assignee)  # fmt: skip
        for state in ("doing", "review"):
            transition(TASK, task, state, assignee)
        return task.id


def _moves_out_of_review(app, task_id: int) -> list[str]:
    from core.models import AuditEntry

    with app.app_context():
        entries = db.session.execute(
            db.select(AuditEntry).where(AuditEntry.entity == TASK, AuditEntry.record_id == task_id)
        ).scalars()
        moves = [e.changes["state"] for e in entries if e.kind == "transition"]
        db.session.remove()
    return [to for seen, to in moves if seen == "review"]


@pytest.mark.parametrize("second", ["done", "doing"])
def test_accept_clicked_with_another_judgement_at_once_is_made_once(live_tasks, second):
    app, url = live_tasks
    wipe(app)
    an, binh, lan = (person(app, f"{n}@example.com", roles) for n, roles in (
        ("an", ["employee", "task_member"]), ("binh", ["employee", "task_member"]),
        ("lan", ["employee", "task_manager"])))  # fmt: skip
    task_id = _in_review(app, an[0], binh[0])

    def judge(token: str, to: str):
        headers = {"Authorization": f"Bearer {token}"}
        path = f"{url}{API}/{task_id}/transition"
        return lambda: requests.post(path, json={"to": to}, headers=headers, timeout=TIMEOUT)

    answers = at_once([judge(binh[1], "done"), judge(lan[1], second)])
    assert sorted(a.status_code for a in answers) == [200, 409]
    made = _moves_out_of_review(app, task_id)
    winner = "done" if answers[0].status_code == 200 else second
    assert made == [winner]
