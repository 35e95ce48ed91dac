"""Helpers for tests of queued work: jobs that leave a mark in the database, and a real
``nhip worker`` run as a subprocess against the test Redis.

A job's function must be importable by its dotted path in the worker's process too, which is
why these jobs live in the ``core`` package rather than in a test module::

    with app.app_context():
        enqueue("core.testing_queue.mark", "hello")
    run_worker(worker_env(app, fresh_redis_url))      # nhip worker --burst
    assert marks(app) == ["hello"]

Loaded by the root ``conftest.py`` too, for the ``redis_app`` fixture: the test application in
Redis mode. ``use_redis`` and ``redis_down`` point an application elsewhere for one test.
"""

from __future__ import annotations

import os
import subprocess
import threading

import pytest

from core.testing import use_settings
from core.testing_server import NHIP, app_env, free_port

#: the audit entries written by these jobs carry this entity key
MARK_ENTITY = "queue.test"
WORKER_TIMEOUT = 120


def mark(label: str) -> None:
    """A job: write ``label`` as an audit line of entity ``queue.test`` and commit."""
    from core.db import db
    from core.models import AuditEntry

    db.session.add(AuditEntry(entity=MARK_ENTITY, record_id=0, kind="note", message=label))
    db.session.commit()


def mark_thread() -> None:
    """A job: write the name of the thread it runs on."""
    mark(threading.current_thread().name)


def mark_process(label: str) -> None:
    """A job: write ``label pid pool connection``: the process it runs in, its database pool
    and the server-side identity of the connection it used (PostgreSQL's backend pid, else
    the DBAPI connection object's id), for tests of how a worker runs its jobs."""
    from core.db import db

    connection = db.session.connection()
    if db.engine.dialect.name == "postgresql":
        server = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    else:
        server = id(connection.connection.dbapi_connection)
    mark(f"{label} {os.getpid()} {id(db.engine.pool)} {server}")


def stage(label: str) -> None:
    """A job: add ``label`` to the session and flush it, then return without committing."""
    from core.db import db
    from core.models import AuditEntry

    db.session.add(AuditEntry(entity=MARK_ENTITY, record_id=0, kind="note", message=label))
    db.session.flush()


def mark_seen(label: str) -> None:
    """A job: write ``seen N``, N the ``label`` lines its session finds (``stage`` left one
    uncommitted: 0 unless that job's session leaked into this one)."""
    mark(f"seen {marks_now().count(label)}")


def hang(label: str) -> None:
    """A job: write ``label`` and commit, then wait up to a minute (its timeout ends it
    first), and write ``label done`` if it ever gets there."""
    mark(label)
    threading.Event().wait(60)
    mark(f"{label} done")


def hold_until(label: str, path: str) -> None:
    """A job: write ``label``, wait (up to ``WORKER_TIMEOUT``) until the file ``path`` exists,
    then write ``label done``."""
    from pathlib import Path

    mark(label)
    for _ in range(WORKER_TIMEOUT * 20):
        if Path(path).exists():
            break
        threading.Event().wait(0.05)
    mark(f"{label} done")


def tick() -> None:
    """A periodic task: write ``tick``."""
    mark("tick")


def fail(label: str) -> None:
    """A job that always fails."""
    raise RuntimeError(f"job {label} fails on purpose")


def fail_then_mark(label: str, failures: int) -> None:
    """A job that fails its first ``failures`` attempts (counted in the database, so across
    processes), writing ``label-attempt``, then writes ``label``."""
    if marks_now().count(f"{label}-attempt") < failures:
        mark(f"{label}-attempt")
        raise RuntimeError(f"attempt of {label} fails on purpose")
    mark(label)


def marks_now() -> list[str]:
    """The labels written so far, oldest first (inside an application context)."""
    from core.db import db
    from core.models import AuditEntry

    return list(
        db.session.execute(
            db.select(AuditEntry.message)
            .where(AuditEntry.entity == MARK_ENTITY)
            .order_by(AuditEntry.id)
        ).scalars()
    )


def marks(app) -> list[str]:
    """The labels ``app``'s database holds, oldest first."""
    with app.app_context():
        return marks_now()


def use_redis(app, monkeypatch, url: str | None) -> None:
    """Point ``app`` at the Redis of ``url`` (None: the embedded mode) for one test."""
    use_settings(app, monkeypatch, redis_url=url)


def redis_down(app, monkeypatch) -> None:
    """``app`` in Redis mode with nobody listening: every job it queues is lost."""
    use_redis(app, monkeypatch, f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture
def redis_app(app, fresh_redis_url, monkeypatch):
    """The test application (a folder's own ``app`` where it overrides it) in Redis mode, on an
    empty Redis database of its own."""
    use_redis(app, monkeypatch, fresh_redis_url)
    return app


def worker_env(app, redis_url: str, **settings: str) -> dict[str, str]:
    """The environment of an ``nhip`` subprocess on ``app``'s instance, database and plugins
    folder, with ``NHIP_REDIS_URL=redis_url`` and ``settings`` (``smtp_url="..."``)."""
    return app_env(app, redis_url=redis_url, **settings)


def run_worker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run ``nhip worker --burst ARGS`` to its end; fails the test with its output if it
    does not exit with 0. Returns the finished process (``.stdout`` has its log)."""
    command = [str(NHIP), "worker", "--burst", *args]
    try:
        done = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=WORKER_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"nhip worker --burst did not finish in {WORKER_TIMEOUT} s:\n{exc.stdout}")
    if done.returncode != 0:
        pytest.fail(f"nhip worker exited with {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen:
    """Start ``nhip worker --burst ARGS`` without waiting (``finish`` it)."""
    return subprocess.Popen(
        [str(NHIP), "worker", "--burst", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen) -> str:
    """Wait for a worker started with ``start_worker``; its output (fails on a bad exit)."""
    try:
        output, _ = process.communicate(timeout=WORKER_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail(f"nhip worker --burst did not finish in {WORKER_TIMEOUT} s:\n{output}")
    if process.returncode != 0:
        pytest.fail(f"nhip worker exited with {process.returncode}:\n{output}")
    return output
