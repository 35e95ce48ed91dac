"""The host's job queue: run a function soon, at an instant, or every so often.

Plugins use these functions and never import ``rq``. A job is the dotted path of an importable
function and plain arguments (numbers, strings, lists of them)::

    from core import queue

    queue.enqueue("core.notifications.deliver_job", [12, 13], retry=3)
    queue.schedule_at(deadline, "plugins.sla.escalation.job.fire", 7, 2, job_id="sla-clock-7")
    queue.cancel("sla-clock-7")

Periodic work is declared with the ``periodic_tasks`` hook (a list of ``Periodic``).

Two backends, chosen by the instance's settings (``Settings.queue_mode``):

- **redis** (``NHIP_REDIS_URL`` set): jobs go to RQ; ``nhip worker`` processes (one or many,
  on one or many machines) run them, move scheduled jobs to their queue when due and run the
  periodic tasks, each at most once per interval across all workers.
- **embedded** (the default): a background thread of this process runs the jobs; the
  embedded loop of ``nhip run`` runs scheduled jobs when due and the periodic tasks.

Every job runs inside an application context (``core.queue.jobs``). The database is the
truth and the queue only the delivery: call these functions after the commit
(``core.records.after_commit``); they never touch ``db.session``, and when Redis is down they
log a warning and return (the change stands and its page answers; the sweep catches up).
Job ids may hold letters, digits, ``_`` and ``-`` only (RQ's rule, enforced in both modes).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app

from core.queue import embedded, periodic, redis_backend
from core.queue.jobs import run
from core.queue.periodic import Periodic, collect

__all__ = [
    "Periodic",
    "cancel",
    "drain",
    "enqueue",
    "run_periodic_now",
    "schedule_at",
    "start_embedded_loop",
]

JOB_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def enqueue(
    func: str, *args: Any, job_id: str | None = None, retry: int = 0, queue: str = "default"
) -> None:
    """Run ``func(*args)`` soon; a failure is tried again ``retry`` more times, backing off."""
    _check(func, job_id)
    app = current_app._get_current_object()
    if app.config["NHIP"].redis_url:
        redis_backend.enqueue(app, func, args, job_id, retry, queue)
    else:
        embedded.enqueue(app, func, args, job_id, retry, queue)


def schedule_at(when: datetime, func: str, *args: Any, job_id: str, queue: str = "default") -> None:
    """Run ``func(*args)`` at ``when`` (aware; kept in whole seconds, rounded up, so never
    early). Scheduling again under the same ``job_id`` moves the job; an instant in the past
    runs it as soon as a worker (or the embedded loop) looks."""
    _check(func, job_id)
    if job_id is None:
        raise ValueError("schedule_at needs a job_id (to move or cancel the job later)")
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("naive datetime: pass an aware datetime (UTC)")
    when = when.astimezone(UTC)
    if when.microsecond:
        when = when.replace(microsecond=0) + timedelta(seconds=1)
    app = current_app._get_current_object()
    if app.config["NHIP"].redis_url:
        redis_backend.schedule_at(app, when, func, args, job_id, queue)
    else:
        embedded.schedule_at(app, when, func, args, job_id, queue)


def cancel(job_id: str) -> None:
    """Make sure job ``job_id`` does not run (one already running finishes)."""
    _check("-", job_id)
    app = current_app._get_current_object()
    if app.config["NHIP"].redis_url:
        redis_backend.cancel(app, job_id)
    else:
        embedded.cancel(app, job_id)


def drain(timeout: float = 10.0) -> bool:
    """Wait until the embedded runner has run every job handed to it so far, and the jobs
    those queued (tests); False if ``timeout`` seconds pass first. No-op for RQ jobs."""
    return embedded.runner.drain(timeout)


def start_embedded_loop(app: Flask, every: float | None = None) -> embedded.EmbeddedLoop:
    """Start ``app``'s embedded loop on a daemon thread (``nhip run`` without Redis).

    ``every`` overrides the interval of every periodic task; by default the environment's
    ``NHIP_PERIODIC_SECONDS``, else each task's own."""
    if every is None:
        every = periodic.every_from_environment()
    return embedded.start_loop(app, every)


def run_periodic_now(app: Flask | None = None) -> list[str]:
    """Run every periodic task of the enabled plugins once, here and now; returns their names.

    A task that raises is logged and the others still run."""
    app = app or current_app._get_current_object()
    done = []
    for task in collect(app):
        try:
            run(app, task.func)
        except Exception:  # noqa: BLE001 - one broken task must not stop the others
            embedded.log.exception("periodic task %s failed", task.name)
            continue
        done.append(task.name)
    return done


def _check(func: str, job_id: str | None) -> None:
    if not isinstance(func, str) or not func:
        raise TypeError("func must be the dotted path of a function, e.g. 'package.module.fn'")
    if job_id is not None and not JOB_ID.match(job_id):
        raise ValueError(f"job id {job_id!r}: use letters, digits, '_' and '-' only")
