"""The RQ backend: jobs in Redis, run by ``nhip worker`` processes.

Every function here catches Redis errors, logs a warning and returns: the caller has already
committed its change, and the page that made it must answer even while Redis is down. The
database is the truth; the periodic sweep queues again whatever Redis lost or never got.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import redis
from flask import Flask
from rq import Queue, Retry, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry

from core.queue.jobs import PERFORM

log = logging.getLogger("nhip.queue")

#: seconds between the attempts of a job queued with ``retry=N`` (the last one repeats)
RETRY_INTERVALS = (10, 60, 300, 900, 3600)
#: a request waits at most this long for Redis before giving up on queueing
CONNECT_TIMEOUT = 2.0
SOCKET_TIMEOUT = 5.0


def connection(app: Flask) -> redis.Redis:
    """The application's Redis client (one connection pool per URL and process)."""
    url = app.config["NHIP"].redis_url
    clients = app.extensions.setdefault("nhip_redis", {})
    if url not in clients:
        clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=SOCKET_TIMEOUT
        )
    return clients[url]


def describe(func: str, args: Sequence[Any], width: int = 120) -> str:
    """``func(arg, ...)`` cut to ``width`` characters: what the jobs page shows."""
    text = f"{func}({', '.join(repr(a) for a in args)})"
    return text if len(text) <= width else text[: width - 1] + "…"


def retry_policy(retry: int) -> Retry | None:
    """RQ's ``Retry`` for ``retry`` more attempts, backing off (see ``RETRY_INTERVALS``)."""
    if retry <= 0:
        return None
    return Retry(max=retry, interval=list(RETRY_INTERVALS[:retry]))


def enqueue(
    app: Flask, func: str, args: Sequence[Any], job_id: str | None, retry: int, queue: str
) -> None:
    """Put ``func(*args)`` on ``queue`` for the next free worker."""
    try:
        Queue(queue, connection=connection(app)).enqueue_call(
            PERFORM,
            args=(func, *args),
            job_id=job_id,
            retry=retry_policy(retry),
            description=describe(func, args),
        )
    except redis.RedisError as exc:
        _not_sent("not queued", func, job_id, exc)


def schedule_at(
    app: Flask, when: datetime, func: str, args: Sequence[Any], job_id: str, queue: str
) -> None:
    """Park ``func(*args)`` in ``queue``'s scheduled registry until ``when``.

    RQ moves a job scheduled again under the same id; a copy of it already waiting in the
    queue or failed is removed first, so that the job is found only at its new instant.
    """
    try:
        rq_queue = Queue(queue, connection=connection(app))
        job = rq_queue.create_job(
            PERFORM,
            args=(func, *args),
            job_id=job_id,
            description=describe(func, args),
            status=JobStatus.SCHEDULED,
        )
        with rq_queue.connection.pipeline() as pipe:
            pipe.lrem(rq_queue.key, 0, job_id)
            pipe.zrem(FailedJobRegistry(queue=rq_queue).key, job_id)
            # the job's data before its id enters the registry (RQ adds the id outside its
            # pipeline): a scheduler finding an id without data drops it
            job.save(pipeline=pipe)
            pipe.execute()
        rq_queue.schedule_job(job, when)
    except redis.RedisError as exc:
        _not_sent("not scheduled", func, job_id, exc)


def cancel(app: Flask, job_id: str) -> None:
    """Remove job ``job_id`` wherever it waits; a job already running is left to finish
    (without asking Redis when it is the job running here, which cancels itself)."""
    current = get_current_job()
    if current is not None and current.id == job_id:
        return
    try:
        job = Job.fetch(job_id, connection=connection(app))
    except NoSuchJobError:
        return
    except redis.RedisError as exc:
        _not_sent("not cancelled", "", job_id, exc)
        return
    try:
        if not job.is_started:
            job.delete()
    except redis.RedisError as exc:
        _not_sent("not cancelled", "", job_id, exc)


def _not_sent(what: str, func: str, job_id: str | None, exc: Exception) -> None:
    log.warning(
        "queue: Redis unavailable (NHIP_REDIS_URL): job %s %s%s: %s: %s; "
        "the database keeps the truth and the sweep catches up",
        job_id or "(no id)",
        what,
        f" ({func})" if func else "",
        type(exc).__name__,
        exc,
    )
