"""Running one job: import its function by dotted path and call it in an application context.

Both backends come here. The embedded backend calls ``run(app, func, args)`` on its thread
with the application that queued the job. An RQ worker runs ``perform(func, *args)``: RQ
stores that function's path and the job's own path and arguments in Redis, so plugins never
import ``rq``.

The worker builds the application once (``use_app``, called by ``nhip worker``) and, by
default, runs every job in its own process, one after the other on its main thread (RQ's
``SimpleWorker``). Forking a "work horse" per job (RQ's default ``Worker``) used to be the
rule here; it cost more than most jobs: a fork of a large process, then in every child a new
database connection, the application context and plugin states set up again, and the
statements compiled again. In one process all of that is done once and stays warm.

What keeps jobs apart in one process: each job runs in an application context of its own
(``run``), whose teardown removes the database session, so an uncommitted change of one job is
rolled back and never seen by the next, and a connection goes back to the pool clean; the
plugin set is brought in step with the database before each job. A job that raises is recorded
as failed by RQ and the worker takes the next one. A job that overruns its timeout is
interrupted by RQ's death penalty (``SIGALRM``, raised in the job on the main thread), failed,
and its session removed in the same way. What one process cannot contain is a job that crashes
the interpreter, leaks memory or corrupts module state, or one stuck inside a C call that never
returns to Python (the timeout's signal is handled only when it does): that takes the worker
down, or holds it, with it. A killed worker loses nothing and fires nothing twice: the job it
was running never committed (its transaction dies with its connection), the job stays in RQ's
started registry until a live worker's clean-up moves it to the failed ones, and the periodic
SLA sweep queues every clock that is still due from the database again; an escalation job run
twice fires nothing twice (it reads the clock's fired levels under a row lock).

``nhip worker --fork-per-job`` keeps RQ's forking worker for deployments that want each job
isolated in a child: a crash, a leak or a runaway third-party job ends with its child and the
worker goes on (RQ's parent also kills a child still running a minute after its timeout). The
price is the work above, paid for every job, and that a child inherits the parent's database
connection pool; sharing those sockets between two processes would mix their conversations with
the server. So the first thing a child does is drop the inherited pool without closing its
connections (``engine.dispose(close=False)``: closing them would close the parent's too) and
open fresh ones; it forgets the parent's Redis clients for the same reason
(``_forget_parent_connections``, a no-op when the job runs in the worker's own process).
``nhip worker --max-jobs N`` bounds what a long-lived process can accumulate the other way: the
worker exits after N jobs and its supervisor starts a fresh one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask
from werkzeug.utils import import_string

#: the function RQ runs for every job of the host's queue
PERFORM = "core.queue.jobs.perform"

_worker_app: Flask | None = None
_connections_pid: int | None = None


def use_app(app: Flask) -> None:
    """Make ``app`` the application this process's RQ jobs run in (``nhip worker``)."""
    global _worker_app, _connections_pid
    _worker_app = app
    _connections_pid = os.getpid()


def worker_app() -> Flask:
    """The worker's application; built on first use when RQ was started some other way."""
    global _worker_app, _connections_pid
    if _worker_app is None:
        from core.app import create_app

        _worker_app = create_app()
        _connections_pid = os.getpid()
    return _worker_app


def import_function(path: str) -> Callable[..., Any]:
    """The function at dotted ``path`` (``package.module.function``)."""
    function = import_string(path)
    if not callable(function):
        raise TypeError(f"{path} is not a function")
    return function


def run(app: Flask, func: str, args: Sequence[Any] = ()) -> Any:
    """Call ``func(*args)`` inside an application context of ``app``.

    The live plugin set is first brought in step with the database, so a long-running worker
    sees plugins enabled or disabled since it started. The session is removed afterwards
    (by the application context's teardown), whether the job returns, raises or is
    interrupted by its timeout: what it left uncommitted is rolled back, and the next job of
    the same process starts with a session of its own.
    """
    from core.plugin_states import sync

    function = import_function(func)
    with app.app_context():
        sync(app)
        return function(*args)


def perform(func: str, *args: Any) -> Any:
    """What RQ runs: ``func(*args)`` in the worker's application (see the module docstring),
    in the worker's process or, with ``--fork-per-job``, in a forked child."""
    app = worker_app()
    _forget_parent_connections(app)
    return run(app, func, args)


def _forget_parent_connections(app: Flask) -> None:
    """In a forked child, drop the database pool and Redis clients inherited from the parent
    (nothing to do in the process that built them: the jobs of an in-process worker)."""
    global _connections_pid
    if _connections_pid == os.getpid():
        return
    from core.db import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
    app.extensions.pop("nhip_redis", None)
    _connections_pid = os.getpid()
