"""The ladder on real ``nhip worker`` processes and a real Redis: on time, once, whatever the
queue loses or a crash interrupts; and in the embedded mode of ``nhip run`` without Redis.

Worker processes keep real time, so these tests create records in the past (the test process
travels back) to make a level due now, instead of waiting for it.
"""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from rq.registry import ScheduledJobRegistry

from core.db import db
from core.models import AuditEntry, Notification
from core.queue import enqueue
from core.testing_queue import finish, redis_down, run_worker, start_worker, worker_env
from core.testing_server import NHIP, app_env, running_server, wait_for
from plugins.sla.escalation.schedule import job_id
from plugins.sla.models import Clock, Escalation
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import AGENT, clocks_of, new_request

pytestmark = pytest.mark.redis

TELL_OWNER = {"type": "notify", "to": ["responsible"], "channels": ["in_app"]}


def _configure(app, ladder, minutes=60):
    policy = desk_policy(
        calendar="24/7",
        targets=[
            {
                "name": "Resolve",
                "start": ["created"],
                "stop": ["done"],
                "cancel": ["cancelled"],
                "minutes": minutes,
                "escalations": ladder,
            }
        ],
    )
    with app.app_context():
        configure(policy)


def _requests_from(app, minutes_ago: float, count: int, owner: int | None) -> list[int]:
    """``count`` requests created ``minutes_ago`` (real time): their clocks' ids."""
    past = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    ids = []
    with time_machine.travel(past, tick=False), app.app_context():
        for _ in range(count):
            request = new_request(owner_id=owner)
            ids.append(clocks_of(request)["Resolve"].id)
        db.session.remove()
    return ids


def _fired(app) -> dict[int, list[float]]:
    with app.app_context():
        rows = db.session.execute(
            db.select(Escalation.clock_id, Escalation.percent).order_by(Escalation.id)
        ).all()
    fired: dict[int, list[float]] = {}
    for clock_id, percent in rows:
        fired.setdefault(clock_id, []).append(percent)
    return fired


def _notes_to(app, user_id: int) -> int:
    with app.app_context():
        return len(
            db.session.execute(db.select(Notification).where(Notification.user_id == user_id))
            .scalars()
            .all()
        )


def test_a_due_level_is_fired_by_a_worker_and_the_next_one_waits_in_redis(redis_app, make_user):
    owner = make_user("lan@example.com", roles=AGENT)
    _configure(redis_app, [{"at": 50, "actions": [TELL_OWNER]}])
    [clock_id] = _requests_from(redis_app, 45, 1, owner)  # 50 % was 15 minutes ago
    url = redis_app.config["NHIP"].redis_url
    run_worker(worker_env(redis_app, url))
    assert _fired(redis_app) == {clock_id: [50]}
    assert _notes_to(redis_app, owner) == 1
    with redis_app.app_context():
        breach = db.session.get(Clock, clock_id).deadline
    connection = redis.Redis.from_url(url)
    try:
        when = ScheduledJobRegistry("default", connection=connection).get_scheduled_time(
            job_id(clock_id)
        )
    finally:
        connection.close()
    assert timedelta(0) <= when - breach < timedelta(seconds=1)  # the breach, to the second


def test_three_workers_and_duplicate_jobs_fire_each_level_once(redis_app, make_user):
    owner = make_user("lan@example.com", roles=AGENT)
    _configure(redis_app, [{"at": 50, "actions": [TELL_OWNER]}])
    clock_ids = _requests_from(redis_app, 70, 4, owner)  # 50 % and 100 % both passed
    with redis_app.app_context():
        for clock_id in clock_ids:
            for _ in range(3):
                enqueue("plugins.sla.escalation.job.fire", clock_id)
    env = worker_env(redis_app, redis_app.config["NHIP"].redis_url)
    workers = [start_worker(env) for _ in range(3)]
    for worker in workers:
        finish(worker)
    assert _fired(redis_app) == {clock_id: [50, 100] for clock_id in clock_ids}
    assert _notes_to(redis_app, owner) == 2 * len(clock_ids)


def test_levels_lost_by_redis_fire_once_after_the_sweep(redis_app, make_user):
    owner = make_user("lan@example.com", roles=AGENT)
    _configure(redis_app, [{"at": 50, "actions": [TELL_OWNER]}])
    clock_ids = _requests_from(redis_app, 70, 3, owner)
    url = redis_app.config["NHIP"].redis_url
    redis.Redis.from_url(url).flushdb()  # the queue loses every job
    env = worker_env(redis_app, url)
    run_worker(env)  # a burst worker sweeps once at start
    run_worker(env)
    assert _fired(redis_app) == {clock_id: [50, 100] for clock_id in clock_ids}
    assert _notes_to(redis_app, owner) == 2 * len(clock_ids)


@pytest.mark.parametrize("mode", ["in-process", "fork-per-job"])
def test_a_worker_killed_in_the_middle_of_a_level_still_fires_it_once(
    redis_app, make_user, tmp_path, mode
):
    marker = tmp_path / "slow-action-started"
    _configure(redis_app, [{"at": 100, "actions": [{"type": "desk_slow", "marker": str(marker)}]}])
    [clock_id] = _requests_from(redis_app, 61, 1, make_user("lan@example.com", roles=AGENT))
    env = worker_env(redis_app, redis_app.config["NHIP"].redis_url)
    options = ["--fork-per-job"] if mode == "fork-per-job" else []
    worker = subprocess.Popen(
        [str(NHIP), "worker", "--burst", *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(lambda: marker.exists() and marker.read_text().isdigit(), worker)
        running_level = int(marker.read_text())
        # in-process: the worker itself runs the level; else the child it forked for the job
        assert (running_level == worker.pid) == (mode == "in-process")
        os.kill(running_level, signal.SIGKILL)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # and whatever is left of the worker
        worker.wait(30)
    assert _fired(redis_app) == {}  # the killed level's transaction never committed
    done = subprocess.run(
        [str(NHIP), "sla", "sweep"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    subprocess.run([str(NHIP), "sla", "sweep"], env=env, capture_output=True, timeout=120)
    assert _fired(redis_app) == {clock_id: [100]}
    with redis_app.app_context():
        notes = db.session.execute(
            db.select(AuditEntry.message).where(AuditEntry.message == "slow action done")
        ).all()
    assert len(notes) == 1


def test_records_change_while_redis_is_down_and_levels_catch_up(
    app, fresh_redis_url, monkeypatch, make_user, login
):
    owner = make_user("lan@example.com", roles=["admin"])
    redis_down(app, monkeypatch)
    _configure(app, [{"at": 50, "actions": [TELL_OWNER]}])
    [clock_id] = _requests_from(app, 40, 1, owner)  # scheduling fails quietly: Redis is down
    client = app.test_client()
    login(client, owner)
    health = client.get("/health")
    assert (health.status_code, health.json["queue"]) == (200, "down")
    run_worker(worker_env(app, fresh_redis_url))  # Redis is back: a worker sweeps
    assert _fired(app) == {clock_id: [50]}


def test_the_embedded_mode_fires_the_same_levels_without_redis(app, make_user, tmp_path):
    owner = make_user("lan@example.com", roles=AGENT)
    _configure(app, [{"at": 50, "actions": [TELL_OWNER]}])
    clock_ids = _requests_from(app, 70, 2, owner)
    with running_server(app_env(app), tmp_path / "server.log"):
        wait_for(lambda: _fired(app) == {c: [50, 100] for c in clock_ids})
    assert "embedded" in (tmp_path / "server.log").read_text()
    assert _notes_to(app, owner) == 4


def test_the_breach_mail_reaches_smtp_from_a_worker_in_the_recipients_language(
    redis_app, make_user, smtp_server
):
    inbox, port = smtp_server
    lan = make_user("lan@example.com", roles=AGENT, language="vi")
    minh = make_user("minh@example.com", roles=AGENT, language="en")
    tell_both = {"type": "notify", "to": ["responsible", "user:minh@example.com"]}
    _configure(redis_app, [{"at": 100, "actions": [tell_both]}])
    _requests_from(redis_app, 62, 1, lan)  # two working minutes past the deadline
    env = worker_env(
        redis_app, redis_app.config["NHIP"].redis_url, smtp_url=f"smtp://127.0.0.1:{port}"
    )
    run_worker(env)  # fires the level, then sends its e-mails (jobs of the same burst)
    subjects = {m["To"].addresses[0].addr_spec: m["Subject"] for m in inbox.messages()}
    assert subjects == {
        "lan@example.com": "Quá hạn: Resolve của Printer on fire, trễ 2 phút so với hạn chót",
        "minh@example.com": "Overdue: Resolve on Printer on fire, 2m past the deadline",
    }
    assert _notes_to(redis_app, lan) == _notes_to(redis_app, minh) == 1
