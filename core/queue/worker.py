"""``nhip worker``: an RQ worker with its scheduler, plus the periodic tasks of the plugins.

Several workers may run, on several machines, against one Redis: RQ hands each job to one
worker, one scheduler per queue (RQ's lock) moves due jobs to their queue, and each periodic
task is claimed by one worker per interval (``core.queue.periodic.RedisClaims``).

By default the jobs run one after the other in the worker's own process, on its main thread
(RQ's ``SimpleWorker``): no fork per job, so the database pool, the compiled statements and
the imported modules stay warm from one job to the next, and RQ's death penalty (``SIGALRM``,
which needs the main thread) still ends a job that overruns its timeout. With
``fork_per_job`` (``nhip worker --fork-per-job``) RQ's forking ``Worker`` runs each job in a
child instead; ``core.queue.jobs`` explains what each mode costs and buys. ``max_jobs`` makes
the worker exit after that many jobs, for a process supervisor to start a fresh one.

The periodic tasks are claimed and queued by a daemon thread of the worker's main process,
about every second; the jobs themselves run like any other job. The thread has its own Redis
client, so the worker's connection is never shared between threads, and its own application
context (hence its own database session). In ``--burst`` mode there is no thread: the tasks
are claimed once at the start, then the queue is worked until empty (RQ's scheduler, too,
looks once at the start of a burst: a job scheduled in the future is not run).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Sequence

import redis
from flask import Flask
from rq import Queue, SimpleWorker, Worker

from core.queue import periodic
from core.queue.jobs import import_function, use_app

log = logging.getLogger("nhip.queue")

#: the queues of the host and the bundled plugins
QUEUES = ("default",)
#: how often the worker looks for periodic tasks to claim
PERIODIC_TICK = 1.0
#: an idle worker wakes up every WORKER_TTL - 15 s, and every MAINTENANCE_INTERVAL s it checks
#: that some worker's scheduler holds each queue's lock, taking it over if that worker died
#: (RQ's defaults, 420 s and 10 min, would leave scheduled escalations unrun for that long)
WORKER_TTL = 90
MAINTENANCE_INTERVAL = 60


class PeriodicThread(threading.Thread):
    """Claims and queues due periodic tasks every ``PERIODIC_TICK`` seconds."""

    def __init__(self, app: Flask, claims: periodic.RedisClaims, every: float | None) -> None:
        super().__init__(name="nhip-periodic", daemon=True)
        self.app = app
        self.claims = claims
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                periodic.run_due(self.app, self.claims, self.every)
            except Exception:  # noqa: BLE001 - a bad round (database away) must not end it
                log.exception("periodic tasks: round failed")
            self.stopped.wait(PERIODIC_TICK)


def run_worker(
    app: Flask,
    queues: Sequence[str] = QUEUES,
    *,
    burst: bool = False,
    every: float | None = None,
    fork_per_job: bool = False,
    max_jobs: int | None = None,
) -> bool:
    """Work ``queues`` with the scheduler until stopped (or, with ``burst``, until empty, or
    after ``max_jobs`` jobs).

    The jobs run in this process, unless ``fork_per_job`` asks for a forked child per job
    (see the module docstring). ``every`` overrides every periodic task's interval. Returns
    whether any job ran. Raises ``redis.ConnectionError`` when Redis cannot be reached at the
    start.
    """
    url = app.config["NHIP"].redis_url
    connection = redis.Redis.from_url(url)
    connection.ping()
    use_app(app)
    worker_class = Worker if fork_per_job else SimpleWorker
    worker = worker_class(
        [Queue(name, connection=connection) for name in queues],
        connection=connection,
        worker_ttl=WORKER_TTL,
        maintenance_interval=MAINTENANCE_INTERVAL,
    )
    claims = periodic.RedisClaims(redis.Redis.from_url(url, socket_timeout=10), worker.name)
    thread = None
    if burst:
        queued = periodic.run_due(app, claims, every)
        if queued:
            log.info("periodic tasks queued: %s", ", ".join(queued))
    else:
        thread = PeriodicThread(app, claims, every)
        thread.start()
    log.info(
        "worker %s: jobs run %s",
        worker.name,
        "in a forked child each" if fork_per_job else "in this process (no fork per job)",
    )
    prepare_jobs(app, every)
    try:
        return worker.work(burst=burst, with_scheduler=True, max_jobs=max_jobs)
    finally:
        if thread is not None:
            thread.stopped.set()


def prepare_jobs(app: Flask, every: float | None) -> None:
    """Do once, before the first job, what the first jobs would otherwise do (each of them
    again when a child is forked per job): import the periodic tasks' modules (the SLA sweep
    brings the escalation job and its actions), configure the ORM mappers and let the plugins
    warm up (``worker_warm_up``: their jobs' statements compiled and their data loaded).

    Then freeze the heap (``gc.freeze``): what was built so far lives as long as the worker,
    so the garbage collector stops walking it at every full collection; a forked child, too,
    then leaves the inherited pages alone instead of copying them as its collector touches
    them. In this process the first job finds everything ready; a forked child inherits it."""
    from sqlalchemy.orm import configure_mappers

    for task in periodic.collect(app, every):
        try:
            import_function(task.func)
        except (ImportError, AttributeError):
            log.warning("periodic task %s: %s cannot be imported", task.name, task.func)
    import_function("core.notifications.deliver_job")
    configure_mappers()
    warm_up(app)
    gc.collect()
    gc.freeze()


def warm_up(app: Flask) -> None:
    """Call the enabled plugins' ``worker_warm_up`` in a transaction that is rolled back."""
    from core.db import db

    with app.app_context():
        try:
            app.extensions["nhip"].hook.worker_warm_up()
        except Exception:  # noqa: BLE001 - a warm-up is an optimisation: the worker starts anyway
            log.exception("worker_warm_up failed; the jobs prepare their statements themselves")
        finally:
            db.session.rollback()
            db.session.remove()
