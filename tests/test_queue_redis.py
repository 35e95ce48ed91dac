"""The RQ backend against the real test Redis, with real ``nhip worker --burst`` processes that
write to the test's database; and what happens when Redis is down."""

from __future__ import annotations

import logging
import signal
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
import redis
from plugin_kit import write_plugin
from rq import Queue
from rq.job import Job
from rq.registry import ScheduledJobRegistry

from core.db import db
from core.models import Notification
from core.notifications import notify
from core.queue import cancel, enqueue, schedule_at
from core.testing import session_app, wipe
from core.testing_queue import (
    finish,
    marks,
    redis_down,
    run_worker,
    start_worker,
    use_redis,
    worker_env,
)
from core.testing_server import NHIP, free_port, server_env, wait_for

pytestmark = pytest.mark.redis


def scheduled(url: str, queue: str = "default") -> dict[str, datetime]:
    """The jobs waiting in ``queue``'s scheduled registry, with their instants."""
    connection = redis.Redis.from_url(url)
    try:
        registry = ScheduledJobRegistry(queue, connection=connection)
        return {i: registry.get_scheduled_time(i) for i in registry.get_job_ids(cleanup=False)}
    finally:
        connection.close()


def test_an_enqueued_job_runs_in_a_burst_worker_and_writes_to_the_database(redis_app):
    with redis_app.app_context():
        enqueue("core.testing_queue.mark", "from the worker")
    assert marks(redis_app) == [], "nothing runs in this process"
    run_worker(worker_env(redis_app, redis_app.config["NHIP"].redis_url))
    assert marks(redis_app) == ["from the worker"]


def test_a_job_scheduled_in_the_past_runs_in_the_burst_one_in_the_future_does_not(redis_app):
    url = redis_app.config["NHIP"].redis_url
    now = datetime.now(UTC)
    with redis_app.app_context():
        schedule_at(now - timedelta(minutes=1), "core.testing_queue.mark", "due", job_id="p-1")
        schedule_at(now + timedelta(hours=1), "core.testing_queue.mark", "later", job_id="f-1")
    run_worker(worker_env(redis_app, url))
    assert marks(redis_app) == ["due"]
    assert list(scheduled(url)) == ["f-1"]


def test_scheduling_again_under_the_same_id_moves_the_job(redis_app):
    url = redis_app.config["NHIP"].redis_url
    now = datetime.now(UTC).replace(microsecond=0)
    with redis_app.app_context():
        schedule_at(now - timedelta(minutes=1), "core.testing_queue.mark", "v1", job_id="c-7")
        schedule_at(now + timedelta(hours=2), "core.testing_queue.mark", "v2", job_id="c-7")
    assert scheduled(url) == {"c-7": now + timedelta(hours=2)}
    run_worker(worker_env(redis_app, url))
    assert marks(redis_app) == []


def test_cancel_removes_a_scheduled_and_a_queued_job(redis_app):
    url = redis_app.config["NHIP"].redis_url
    with redis_app.app_context():
        schedule_at(datetime.now(UTC), "core.testing_queue.mark", "scheduled", job_id="s-1")
        enqueue("core.testing_queue.mark", "queued", job_id="q-1")
        enqueue("core.testing_queue.mark", "kept", job_id="q-2")
        cancel("s-1")
        cancel("q-1")
        cancel("never-queued")
    run_worker(worker_env(redis_app, url))
    assert marks(redis_app) == ["kept"]


def test_retry_becomes_rqs_retry_with_back_off(redis_app):
    url = redis_app.config["NHIP"].redis_url
    with redis_app.app_context():
        enqueue("core.testing_queue.fail", "x", job_id="r-1", retry=2)
    connection = redis.Redis.from_url(url)
    try:
        job = Job.fetch("r-1", connection=connection)
        assert job.retries_left == 2
        assert job.retry_intervals == [10, 60]
        assert job.args == ("core.testing_queue.fail", "x")
        assert job.description == "core.testing_queue.fail('x')"
    finally:
        connection.close()


def test_a_failing_job_lands_in_the_failed_registry(redis_app):
    url = redis_app.config["NHIP"].redis_url
    with redis_app.app_context():
        enqueue("core.testing_queue.fail", "boom", job_id="b-1")
    run_worker(worker_env(redis_app, url))
    connection = redis.Redis.from_url(url)
    try:
        assert Queue("default", connection=connection).failed_job_registry.get_job_ids() == ["b-1"]
        result = Job.fetch("b-1", connection=connection).latest_result()
        assert "RuntimeError: job boom fails on purpose" in result.exc_string
    finally:
        connection.close()


# -- periodic tasks -------------------------------------------------------------------------


TICKING = """
from core.queue import Periodic


@hookimpl
def periodic_tasks():
    return [Periodic("ticking.tick", 3600, "core.testing_queue.tick")]
"""


@pytest.fixture
def ticking_app(backend, request, tmp_path_factory, fresh_redis_url, monkeypatch):
    """An instance in Redis mode with a plugin whose periodic task writes ``tick`` hourly."""
    plugins = tmp_path_factory.getbasetemp() / "queue-ticking-plugins"
    if not (plugins / "ticking.py").exists():
        write_plugin(plugins, "ticking", TICKING)
    application = session_app(request, backend, plugins_dir=plugins, name="ticking")
    wipe(application)
    use_redis(application, monkeypatch, fresh_redis_url)
    return application


def test_two_workers_run_a_periodic_task_once_in_its_interval(ticking_app):
    env = worker_env(ticking_app, ticking_app.config["NHIP"].redis_url)
    first, second = start_worker(env), start_worker(env)
    finish(first), finish(second)
    run_worker(env)  # a third, later, within the hour
    assert marks(ticking_app) == ["tick"]
    connection = redis.Redis.from_url(ticking_app.config["NHIP"].redis_url)
    try:
        assert 0 < connection.pttl("nhip:periodic:ticking.tick") <= 3600 * 1000
    finally:
        connection.close()


def test_a_running_worker_runs_periodic_tasks_and_new_jobs_then_stops_on_sigterm(ticking_app):
    env = worker_env(ticking_app, ticking_app.config["NHIP"].redis_url)
    worker = subprocess.Popen(
        [str(NHIP), "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_for(lambda: marks(ticking_app) == ["tick"], worker)
        with ticking_app.app_context():
            enqueue("core.testing_queue.mark", "while running")
        wait_for(lambda: marks(ticking_app) == ["tick", "while running"], worker)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output.decode()


def test_periodic_every_overrides_the_interval(ticking_app):
    env = worker_env(ticking_app, ticking_app.config["NHIP"].redis_url)
    run_worker(env, "--periodic-every", "0.001")
    run_worker(env, "--periodic-every", "0.001")
    assert marks(ticking_app) == ["tick", "tick"]


# -- the command line -----------------------------------------------------------------------


def test_nhip_worker_without_redis_says_the_embedded_mode_needs_none(app):
    env = worker_env(app, "")
    del env["NHIP_REDIS_URL"]
    done = subprocess.run([str(NHIP), "worker"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "nhip: no NHIP_REDIS_URL: in the embedded mode `nhip run` runs the jobs itself and "
        "needs no worker"
    ]


def test_nhip_worker_with_redis_down_says_so_in_one_line(app, tmp_path):
    env = server_env(
        tmp_path / "instance",
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        redis_url=f"redis://127.0.0.1:{free_port()}/0",
    )
    done = subprocess.run([str(NHIP), "worker"], env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("nhip: Redis unavailable (NHIP_REDIS_URL): ")


# -- Redis down -----------------------------------------------------------------------------


def test_with_redis_down_enqueue_schedule_and_cancel_log_and_return(app, monkeypatch, caplog):
    redis_down(app, monkeypatch)
    with app.app_context(), caplog.at_level(logging.WARNING, logger="nhip.queue"):
        enqueue("core.testing_queue.mark", "lost", job_id="e-1")
        schedule_at(datetime.now(UTC), "core.testing_queue.mark", "lost", job_id="s-1")
        cancel("s-1")
    assert "job e-1 not queued (core.testing_queue.mark): ConnectionError" in caplog.text
    assert "job s-1 not scheduled" in caplog.text
    assert "job s-1 not cancelled" in caplog.text


def test_with_redis_down_a_notification_still_commits_and_pages_answer(
    app, client, make_user, monkeypatch, caplog
):
    redis_down(app, monkeypatch)
    lan = make_user("lan@example.com")
    with app.app_context(), caplog.at_level(logging.WARNING, logger="nhip.queue"):
        notify([lan], "Order SO-9 is late")
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count(Notification.id))) == 1
    assert "not queued (core.notifications.deliver_job)" in caplog.text
    assert client.get("/health").status_code == 200
