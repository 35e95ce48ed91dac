"""Periodic tasks: work the enabled plugins want done every so often (the SLA sweep).

Plugins declare them with the ``periodic_tasks`` hook. The same code decides, for ``nhip
worker`` and for the embedded loop of ``nhip run``, which tasks are due and queues their
functions; only the *claim* differs:

- ``RedisClaims``: a task is claimed with ``SET nhip:periodic:<name> <owner> NX PX <interval>``.
  Of all the workers on all the machines sharing one Redis, the first to ask in an interval
  gets it; the key expires with the interval, and the next ask after that wins again. So a
  task runs at most once per interval however many workers there are.
- ``LocalClaims``: the embedded mode has one process; it remembers when each task last ran.

The interval of every task can be overridden (``nhip worker --periodic-every``, or the
environment variable ``NHIP_PERIODIC_SECONDS``): handy to sweep more often on a small site
or in a demonstration, or less often on a big one.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, replace

import redis
from flask import Flask

log = logging.getLogger("nhip.queue")

#: the environment variable that overrides every periodic task's interval (seconds)
EVERY_VARIABLE = "NHIP_PERIODIC_SECONDS"
#: ... and its older name, still read
EVERY_ALIAS = "NHIP_SWEEP_SECONDS"
LOCK_PREFIX = "nhip:periodic:"


@dataclass(frozen=True)
class Periodic:
    """A task to run every ``every`` seconds: ``func`` is the dotted path of an importable
    function taking no arguments; ``name`` (unique, e.g. ``sla.sweep``) keys its lock."""

    name: str
    every: float
    func: str


def every_from_environment(environ: dict[str, str] | None = None) -> float | None:
    """The interval override from ``NHIP_PERIODIC_SECONDS`` (or ``NHIP_SWEEP_SECONDS``)."""
    env = os.environ if environ is None else environ
    raw = env.get(EVERY_VARIABLE) or env.get(EVERY_ALIAS)
    if not raw:
        return None
    from core.config import ConfigError

    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(EVERY_VARIABLE, f"{raw!r} is not a number of seconds") from None
    if value <= 0:
        raise ConfigError(EVERY_VARIABLE, "must be more than 0 seconds")
    return value


def collect(app: Flask, every: float | None = None) -> list[Periodic]:
    """The periodic tasks of the enabled plugins, with ``every`` (when given) as interval.

    A plugin answering something else than ``Periodic`` items is logged and skipped; of two
    tasks with one name the first is kept.
    """
    from core.plugin_states import sync

    with app.app_context():
        sync(app)
        answers = app.extensions["nhip"].hook.periodic_tasks()
    tasks: dict[str, Periodic] = {}
    for answer in answers:
        for task in answer or []:
            if not isinstance(task, Periodic) or task.every <= 0:
                log.warning("periodic_tasks: ignored %r (not a core.queue.Periodic)", task)
                continue
            tasks.setdefault(task.name, replace(task, every=every) if every else task)
    return list(tasks.values())


class LocalClaims:
    """Claims kept in this process (the embedded mode)."""

    def __init__(self) -> None:
        self.last_run: dict[str, float] = {}

    def claim(self, task: Periodic, now: float) -> bool:
        last = self.last_run.get(task.name)
        if last is not None and now - last < task.every:
            return False
        self.last_run[task.name] = now
        return True


class RedisClaims:
    """Claims shared by every worker on one Redis (see the module docstring)."""

    def __init__(self, connection: redis.Redis, owner: str) -> None:
        self.connection = connection
        self.owner = owner

    def claim(self, task: Periodic, now: float) -> bool:
        interval_ms = max(1, int(task.every * 1000))
        try:
            return bool(
                self.connection.set(LOCK_PREFIX + task.name, self.owner, nx=True, px=interval_ms)
            )
        except redis.RedisError as exc:
            log.warning("periodic task %s not claimed: Redis unavailable: %s", task.name, exc)
            return False


def run_due(
    app: Flask,
    claims: LocalClaims | RedisClaims,
    every: float | None = None,
    now: float | None = None,
) -> list[str]:
    """Queue the function of every task this process could claim now; returns their names."""
    from core.queue import enqueue

    queued = []
    now = time.time() if now is None else now
    for task in collect(app, every):
        if claims.claim(task, now):
            with app.app_context():
                enqueue(task.func)
            queued.append(task.name)
    return queued
