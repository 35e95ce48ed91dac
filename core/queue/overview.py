"""What the "Background jobs" admin page shows, read from Redis (RQ) or from this process
(embedded): per queue, the jobs waiting, scheduled (with their instants), running and failed;
and putting a failed job back on its queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import redis
from flask import Flask
from rq import Queue, Worker
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

from core.queue import embedded, redis_backend
from core.queue.jobs import PERFORM

#: at most this many jobs of each kind are listed per queue (the counts are complete)
LIMIT = 50
ARGS_WIDTH = 80


@dataclass(frozen=True)
class JobRow:
    """One job as listed: ``when`` is its instant (scheduled) or when it was queued, started
    or failed; ``error`` the last line of a failure."""

    id: str
    func: str
    args: str
    when: datetime | None = None
    error: str = ""


@dataclass
class QueueRows:
    """One queue's jobs by kind, and how many of each there are in all."""

    name: str
    queued: list[JobRow] = field(default_factory=list)
    scheduled: list[JobRow] = field(default_factory=list)
    started: list[JobRow] = field(default_factory=list)
    failed: list[JobRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Overview:
    """The page's content: ``mode`` is ``redis`` or ``embedded``; ``problem`` says why Redis
    could not be read."""

    mode: str
    queues: list[QueueRows] = field(default_factory=list)
    workers: int = 0
    problem: str = ""


def overview(app: Flask, limit: int = LIMIT) -> Overview:
    """The jobs of every queue of ``app``'s backend."""
    if app.config["NHIP"].redis_url:
        try:
            return _redis_overview(app, limit)
        except redis.RedisError as exc:
            return Overview("redis", problem=f"{type(exc).__name__}: {exc}")
    return _embedded_overview(app, limit)


def retry(app: Flask, job_id: str) -> bool:
    """Put the failed job ``job_id`` back on its queue; False when it is not (or no longer)
    failed. Raises ``redis.RedisError`` when Redis cannot be reached."""
    if not app.config["NHIP"].redis_url:
        return _embedded_retry(app, job_id)
    connection = redis_backend.connection(app)
    try:
        job = Job.fetch(job_id, connection=connection)
        FailedJobRegistry(job.origin, connection=connection).requeue(job)
    except (NoSuchJobError, InvalidJobOperation):
        return False
    return True


def summary(args: tuple[Any, ...] | list[Any], width: int = ARGS_WIDTH) -> str:
    """The arguments as ``repr``s, cut to ``width`` characters."""
    text = ", ".join(repr(a) for a in args)
    return text if len(text) <= width else text[: width - 1] + "…"


def last_line(text: str | None) -> str:
    """The last non-empty line of a traceback: the exception and its message."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _redis_overview(app: Flask, limit: int) -> Overview:
    connection = redis_backend.connection(app)
    names = sorted({q.name for q in Queue.all(connection=connection)} | {"default"})
    result = Overview("redis", workers=Worker.count(connection=connection))
    for name in names:
        queue = Queue(name, connection=connection)
        scheduled = ScheduledJobRegistry(queue=queue)
        started = StartedJobRegistry(queue=queue)
        failed = FailedJobRegistry(queue=queue)
        rows = QueueRows(name)
        rows.counts = {
            "queued": queue.count,
            "scheduled": connection.zcard(scheduled.key),
            "started": connection.zcard(started.key),
            "failed": connection.zcard(failed.key),
        }
        instants = dict(connection.zrange(scheduled.key, 0, limit - 1, withscores=True))
        ids = {
            "queued": queue.get_job_ids(0, limit),
            "scheduled": [i.decode() for i in instants],
            "started": started.get_job_ids(0, limit - 1, cleanup=False),
            "failed": failed.get_job_ids(0, limit - 1, desc=True, cleanup=False),
        }
        for kind, job_ids in ids.items():
            jobs = Job.fetch_many(job_ids, connection=connection) if job_ids else []
            for job in jobs:
                if job is None:
                    continue
                if kind == "scheduled":
                    score = instants.get(job.id.encode())
                    when = datetime.fromtimestamp(score, UTC) if score else None
                else:
                    when = {
                        "queued": job.enqueued_at,
                        "started": job.started_at,
                        "failed": job.ended_at,
                    }[kind]
                getattr(rows, kind).append(_row(job, when, failed=kind == "failed"))
        result.queues.append(rows)
    return result


def _row(job: Job, when: datetime | None, failed: bool) -> JobRow:
    try:
        func, args = job.func_name or "", tuple(job.args)
    except Exception:  # noqa: BLE001 - a job whose data cannot be read is still listed
        func, args = "?", ()
    if func == PERFORM and args:
        func, args = str(args[0]), args[1:]
    error = ""
    if failed:
        error = next((last_line(r.exc_string) for r in job.results() if r.exc_string), "")
    return JobRow(job.id, func, summary(args), when, error)


def _embedded_overview(app: Flask, limit: int) -> Overview:
    state = embedded.state_of(app)
    waiting = state.waiting()
    failures = list(state.failures)
    names = sorted({j.queue for j in waiting} | {f.queue for f in failures} | {"default"})
    result = Overview("embedded")
    for name in names:
        rows = QueueRows(name)
        mine = [j for j in waiting if j.queue == name]
        lost = [f for f in failures if f.queue == name]
        rows.scheduled = [JobRow(j.job_id, j.func, summary(j.args), j.when) for j in mine[:limit]]
        rows.failed = [
            JobRow(f.key, f.func, summary(f.args), f.at, last_line(f.error)) for f in lost[:limit]
        ]
        rows.counts = {"queued": 0, "scheduled": len(mine), "started": 0, "failed": len(lost)}
        result.queues.append(rows)
    return result


def _embedded_retry(app: Flask, key: str) -> bool:
    state = embedded.state_of(app)
    with state.lock:
        failure = next((f for f in state.failures if f.key == key), None)
        if failure is None:
            return False
        state.failures.remove(failure)
    embedded.enqueue(app, failure.func, failure.args, failure.job_id, 0, failure.queue)
    return True
