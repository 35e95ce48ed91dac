"""Running one job: import its function by dotted path and call it in an application context.

Both backends come here. The embedded backend calls ``run(app, func, args)`` on its thread
with the application that queued the job. An RQ worker runs ``perform(func, *args)``: RQ
stores that function's path and the job's own path and arguments in Redis, so plugins never
import ``rq``.

The worker builds the application once (``use_app``, called by ``nhip worker``) and RQ's
default ``Worker`` forks a child ("work horse") per job. The forking worker is kept on
purpose: a job that crashes, leaks memory or overruns its timeout takes down only its child,
the worker goes on, and a third-party plugin's job cannot corrupt the worker's state. The
price is that a child inherits the parent's database connection pool; sharing those sockets
between two processes would mix their conversations with the server. So the first thing a
child does is drop the inherited pool without closing its connections
(``engine.dispose(close=False)``: closing them would close the parent's too) and open fresh
ones; it forgets the parent's Redis clients for the same reason.
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
    (by the application context's teardown).
    """
    from core.plugin_states import sync

    function = import_function(func)
    with app.app_context():
        sync(app)
        return function(*args)


def perform(func: str, *args: Any) -> Any:
    """What RQ runs: ``func(*args)`` in the worker's application (see the module docstring)."""
    app = worker_app()
    _forget_parent_connections(app)
    return run(app, func, args)


def _forget_parent_connections(app: Flask) -> None:
    """In a forked child, drop the database pool and Redis clients inherited from the parent."""
    global _connections_pid
    if _connections_pid == os.getpid():
        return
    from core.db import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
    app.extensions.pop("nhip_redis", None)
    _connections_pid = os.getpid()
