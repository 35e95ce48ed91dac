"""How ``nhip worker`` runs its jobs: in its own process by default (one process, one database
pool, a fresh session per job), a forked child per job with ``--fork-per-job``, and an exit
after N jobs with ``--max-jobs N``. Real ``nhip worker`` processes against the test Redis."""

from __future__ import annotations

import signal
import subprocess

import pytest
import redis
from rq import Queue, Worker
from rq.job import Job

from core.queue import enqueue
from core.queue.jobs import PERFORM
from core.testing_queue import (
    WORKER_TIMEOUT,
    finish,
    marks,
    run_worker,
    start_worker,
    worker_env,
)
from core.testing_server import NHIP, wait_for

pytestmark = pytest.mark.redis


def _queue(app, *jobs: tuple[str, str]) -> None:
    """Queue ``(function, label)`` jobs of ``core.testing_queue``, in order (job id: the
    label, or ``function-label`` when two jobs share it)."""
    ids = [label for _func, label in jobs]
    with app.app_context():
        for func, label in jobs:
            job_id = label if ids.count(label) == 1 else f"{func}-{label}"
            enqueue(f"core.testing_queue.{func}", label, job_id=job_id)


def _processes(app) -> dict[str, tuple[int, int, int]]:
    """What ``mark_process`` wrote: label -> (pid, pool id, connection identity)."""
    rows = [line.split() for line in marks(app)]
    return {label: (int(pid), int(pool), int(server)) for label, pid, pool, server in rows}


def _work(app, *args: str, env_extra: dict[str, str] | None = None) -> int:
    """Run ``nhip worker --burst ARGS`` to its end; its pid."""
    env = {**worker_env(app, app.config["NHIP"].redis_url), **(env_extra or {})}
    worker = start_worker(env, *args)
    finish(worker)
    return worker.pid


def _failed(app) -> list[str]:
    connection = redis.Redis.from_url(app.config["NHIP"].redis_url)
    try:
        return Queue("default", connection=connection).failed_job_registry.get_job_ids()
    finally:
        connection.close()


def _shutdown_requested(app) -> bool:
    """Whether a worker noted a warm shutdown request (RQ does so only while it is busy)."""
    connection = redis.Redis.from_url(app.config["NHIP"].redis_url)
    try:
        return any(w.shutdown_requested_date for w in Worker.all(connection=connection))
    finally:
        connection.close()


def test_by_default_the_jobs_run_in_the_workers_process_on_its_pool(redis_app):
    _queue(redis_app, *[("mark_process", f"job{n}") for n in range(3)])
    pid = _work(redis_app)
    seen = _processes(redis_app)
    assert list(seen) == ["job0", "job1", "job2"]
    assert {p for p, _pool, _server in seen.values()} == {pid}
    assert len({pool for _pid, pool, _server in seen.values()}) == 1
    assert len({server for _pid, _pool, server in seen.values()}) == 1  # one connection, reused


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_fork_per_job_runs_each_job_in_a_child_of_its_own(redis_app, how):
    _queue(redis_app, *[("mark_process", f"job{n}") for n in range(3)])
    if how == "flag":
        pid = _work(redis_app, "--fork-per-job")
    else:
        pid = _work(redis_app, env_extra={"NHIP_WORKER_FORK_PER_JOB": "1"})
    seen = _processes(redis_app)
    assert list(seen) == ["job0", "job1", "job2"]
    children = {p for p, _pool, _server in seen.values()}
    assert len(children) == 3 and pid not in children
    if redis_app.config["NHIP"].database_url.startswith("postgresql"):
        # each child dropped the inherited pool and opened its own connection
        assert len({server for _pid, _pool, server in seen.values()}) == 3


def test_a_job_that_raises_does_not_stop_the_worker(redis_app):
    _queue(redis_app, ("fail", "boom"), ("mark", "after"))
    run_worker(worker_env(redis_app, redis_app.config["NHIP"].redis_url))
    assert marks(redis_app) == ["after"]
    assert _failed(redis_app) == ["boom"]


def test_an_uncommitted_change_of_one_job_is_not_seen_by_the_next(redis_app):
    _queue(redis_app, ("stage", "staged"), ("mark_seen", "staged"))
    run_worker(worker_env(redis_app, redis_app.config["NHIP"].redis_url))
    assert marks(redis_app) == ["seen 0"]  # rolled back when the first job's session went


def test_a_job_over_its_timeout_is_failed_and_the_next_one_runs(redis_app):
    url = redis_app.config["NHIP"].redis_url
    connection = redis.Redis.from_url(url)
    try:
        queue = Queue("default", connection=connection)
        queue.enqueue_call(PERFORM, args=("core.testing_queue.hang", "hung"), timeout=1, job_id="h")
    finally:
        connection.close()
    _queue(redis_app, ("mark", "after"))
    run_worker(worker_env(redis_app, url))
    assert marks(redis_app) == ["hung", "after"]  # "hung done" never written
    assert _failed(redis_app) == ["h"]
    connection = redis.Redis.from_url(url)
    try:
        result = Job.fetch("h", connection=connection).latest_result()
        assert "JobTimeoutException" in result.exc_string
    finally:
        connection.close()


def test_max_jobs_exits_after_that_many_jobs(redis_app):
    _queue(redis_app, *[("mark", f"job{n}") for n in range(3)])
    env = worker_env(redis_app, redis_app.config["NHIP"].redis_url)
    done = subprocess.run(  # not --burst: only --max-jobs makes it exit
        [str(NHIP), "worker", "--max-jobs", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=WORKER_TIMEOUT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert marks(redis_app) == ["job0", "job1"]
    connection = redis.Redis.from_url(redis_app.config["NHIP"].redis_url)
    try:
        assert "job2" in Queue("default", connection=connection).get_job_ids()
    finally:
        connection.close()


def test_sigterm_lets_the_job_in_hand_finish_then_the_worker_exits(redis_app, tmp_path):
    release = tmp_path / "release"
    env = worker_env(redis_app, redis_app.config["NHIP"].redis_url)
    worker = subprocess.Popen(
        [str(NHIP), "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        with redis_app.app_context():
            enqueue("core.testing_queue.hold_until", "held", str(release), job_id="held")
        wait_for(lambda: marks(redis_app) == ["held"], worker)
        worker.send_signal(signal.SIGTERM)  # while the job runs in the worker's process
        wait_for(lambda: _shutdown_requested(redis_app), worker)  # noted while busy
        release.touch()
        output, _ = worker.communicate(timeout=WORKER_TIMEOUT)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, output.decode()
    assert marks(redis_app) == ["held", "held done"]
