"""The embedded queue (no NHIP_REDIS_URL): jobs on the background thread, scheduled jobs run by
the embedded loop when due, cancel, retries; and ``nhip run`` starting that loop."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from plugin_kit import write_plugin

from core.queue import cancel, drain, enqueue, schedule_at
from core.queue import embedded as embedded_queue
from core.queue.embedded import EmbeddedLoop, state_of
from core.testing import session_app, wipe
from core.testing_queue import marks
from core.testing_server import app_env, running_server, wait_for

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_enqueue_runs_the_job_on_the_background_thread(app):
    with app.app_context():
        enqueue("core.testing_queue.mark", "hello")
        enqueue("core.testing_queue.mark_thread")
    assert drain()
    assert marks(app) == ["hello", "nhip-jobs"]


def test_a_scheduled_job_waits_for_the_loop_to_find_it_due(app):
    loop = EmbeddedLoop(app)
    with app.app_context():
        schedule_at(NOW + timedelta(hours=1), "core.testing_queue.mark", "later", job_id="j-1")
    assert "j-1" not in loop.tick(NOW)
    assert drain() and marks(app) == []
    assert "j-1" in loop.tick(NOW + timedelta(hours=1))
    assert drain() and marks(app) == ["later"]
    assert "j-1" not in loop.tick(NOW + timedelta(hours=2)), "it ran once"


def test_scheduling_again_under_the_same_id_moves_the_job(app):
    loop = EmbeddedLoop(app)
    with app.app_context():
        schedule_at(NOW + timedelta(minutes=5), "core.testing_queue.mark", "v1", job_id="c-7")
        schedule_at(NOW + timedelta(minutes=30), "core.testing_queue.mark", "v2", job_id="c-7")
    assert "c-7" not in loop.tick(NOW + timedelta(minutes=10))
    assert "c-7" in loop.tick(NOW + timedelta(minutes=30))
    assert drain() and marks(app) == ["v2"]


def test_cancel_forgets_a_scheduled_job(app):
    loop = EmbeddedLoop(app)
    with app.app_context():
        schedule_at(NOW, "core.testing_queue.mark", "never", job_id="c-8")
        schedule_at(NOW, "core.testing_queue.mark", "kept", job_id="c-9")
        cancel("c-8")
        cancel("no-such-job")
    queued = loop.tick(NOW)
    assert "c-9" in queued and "c-8" not in queued
    assert drain() and marks(app) == ["kept"]


def test_the_instant_is_kept_in_whole_seconds_rounded_up(app):
    saigon = ZoneInfo("Asia/Ho_Chi_Minh")
    with app.app_context():
        schedule_at(datetime(2026, 3, 2, 15, 0, 0, 1, tzinfo=saigon), "x.y", job_id="r-1")
    (job,) = state_of(app).waiting()
    assert job.when == datetime(2026, 3, 2, 8, 0, 1, tzinfo=UTC)


def test_a_naive_instant_or_a_bad_job_id_is_refused(app):
    with app.app_context():
        with pytest.raises(ValueError, match="naive"):
            schedule_at(datetime(2026, 3, 2, 8, 0), "x.y", job_id="n-1")
        with pytest.raises(ValueError, match="letters, digits"):
            schedule_at(NOW, "x.y", job_id="sla:clock:1")
        with pytest.raises(ValueError, match="letters, digits"):
            enqueue("x.y", job_id="a.b")


def test_a_failing_job_is_retried_with_back_off(app, monkeypatch):
    monkeypatch.setattr(embedded_queue, "BACKOFF", (0.0,))
    with app.app_context():
        enqueue("core.testing_queue.fail_then_mark", "flaky", 2, retry=2)
    assert drain()
    assert marks(app) == ["flaky-attempt", "flaky-attempt", "flaky"]


def test_a_job_failing_its_last_attempt_is_logged_and_listed(app, monkeypatch, caplog):
    monkeypatch.setattr(embedded_queue, "BACKOFF", (0.0,))
    with app.app_context(), caplog.at_level(logging.WARNING, logger="nhip.queue"):
        enqueue("core.testing_queue.fail", "boom", job_id="b-1", retry=1)
        assert drain()
    assert "attempt 2 of 2" in caplog.text
    assert "job b-1 (core.testing_queue.fail) failed" in caplog.text
    (failure,) = state_of(app).failures
    assert failure.job_id == "b-1" and failure.error == "RuntimeError: job boom fails on purpose"


def test_the_next_job_runs_after_one_failed(app):
    with app.app_context():
        enqueue("core.testing_queue.fail", "first")
        enqueue("core.testing_queue.mark", "second")
    assert drain()
    assert marks(app) == ["second"]


def test_a_job_queued_by_a_job_is_waited_for_by_drain(app):
    with app.app_context():
        enqueue("core.queue.enqueue", "core.testing_queue.mark", "grandchild")
    assert drain()
    assert marks(app) == ["grandchild"]


# -- nhip run -------------------------------------------------------------------------------


TICKING = """
from core.queue import Periodic


@hookimpl
def periodic_tasks():
    return [Periodic("ticking.tick", 3600, "core.testing_queue.tick")]
"""


@pytest.fixture
def ticking_app(backend, request, tmp_path_factory):
    """An instance with a plugin whose periodic task writes ``tick`` once an hour."""
    plugins = tmp_path_factory.getbasetemp() / "queue-ticking-plugins"
    if not (plugins / "ticking.py").exists():
        write_plugin(plugins, "ticking", TICKING)
    application = session_app(request, backend, plugins_dir=plugins, name="ticking")
    wipe(application)
    return application


def test_nhip_run_runs_the_periodic_tasks_in_process(ticking_app, tmp_path):
    log = tmp_path / "server.log"
    with running_server(app_env(ticking_app), log):
        wait_for(lambda: marks(ticking_app), seconds=30)  # the loop's first round runs at start
    assert "queue: embedded mode" in log.read_text()
    assert marks(ticking_app) == ["tick"], "once: the next is an hour away"
