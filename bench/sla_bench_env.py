"""Set-up shared by the SLA escalation benchmarks (not a benchmark itself).

- ``throwaway_database()``: a new PostgreSQL database on the test server, dropped at the end.
- ``claimed_redis()``: a Redis database number of the local server of our own, claimed the way
  the test suite's ``fresh_redis_url`` claims one (so a benchmark never shares a database with
  a test run), flushed before and after.
- ``build_app()``: an initialised instance on that database with the test-only ``desk`` plugin
  (``plugins/sla/tests/fixture_plugins``) as the tracked record type.
- ``configure()``: a 24/7 calendar and one ``desk.request`` policy whose only ladder level is
  the breach (100 %), notifying the record's owner in the bell.
- ``start_worker()`` / ``stop_worker()``: real ``nhip worker`` subprocesses.
- ``hold_periodic()``: holds every periodic task's claim in Redis (the SLA sweep, the webhook
  catch-up, pending notifications) so that no worker runs one during a measurement: every
  firing measured is then the job's own, and no other job shares the queue.
- ``sla_instance()``: all of the above for one benchmark; ``rq_times()``: RQ's timestamps of
  jobs.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from core.testing import REDIS_DEFAULT, PgDatabases, claimed_redis_database  # noqa: E402
from core.testing_server import NHIP, server_env  # noqa: E402

DESK_PLUGINS = ROOT / "plugins" / "sla" / "tests" / "fixture_plugins"
#: how long a benchmark holds the periodic tasks off (seconds)
HOLD_SECONDS = 900
#: the policy's goal: with the 24/7 calendar a clock breaches this many minutes after it starts
GOAL_MINUTES = 1
ALWAYS = {
    "name": "24/7",
    "timezone": "Asia/Ho_Chi_Minh",
    "week": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}
#: the one ladder level: the breach, telling the record's owner in the bell
BREACH_LEVEL = {
    "at": 100,
    "actions": [{"type": "notify", "to": ["responsible"], "channels": ["in_app"]}],
}


class BenchError(RuntimeError):
    """The set-up failed (a worker died, jobs did not finish): the benchmark cannot run."""


class ServiceMissing(BenchError):
    """PostgreSQL or Redis is not there: the benchmark is skipped (exit 0), as tests skip on a
    developer's machine, except under ``CI=true``."""


def exit_for(name: str, exc: BenchError) -> None:
    """Print why ``name`` could not run and exit: 0 for a skip, else 1."""
    if isinstance(exc, ServiceMissing) and os.environ.get("CI") != "true":
        print(f"{name}: skipped: {exc}")
        sys.exit(0)
    print(f"{name}: {exc}", file=sys.stderr)
    sys.exit(1)


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A new empty PostgreSQL database (URL), dropped (forcibly) when the block ends."""
    pg = PgDatabases()
    problem = pg.check()
    if problem:
        pg.engine.dispose()
        raise ServiceMissing(f"PostgreSQL unavailable at {pg.admin_url.split('@')[-1]}: {problem}")
    try:
        yield pg.create()
    finally:
        pg.drop_all()


@contextmanager
def claimed_redis(base_url: str | None = None) -> Iterator[str]:
    """An empty Redis database of the local server for this run (its URL)."""
    import redis

    base_url = base_url or os.environ.get("NHIP_TEST_REDIS_URL") or REDIS_DEFAULT
    probe = redis.Redis.from_url(base_url, socket_timeout=2, socket_connect_timeout=2)
    try:
        probe.ping()
    except redis.RedisError as exc:
        raise ServiceMissing(f"Redis unavailable at {base_url}: {exc}") from None
    finally:
        probe.close()
    with claimed_redis_database(base_url) as url:
        if url is None:
            raise BenchError("no free Redis database (all claimed by test runs)")
        yield url


def build_app(instance: Path, database_url: str, redis_url: str | None = None):
    """An initialised application on ``database_url`` with the ``desk`` plugin enabled."""
    from core.app import create_app
    from core.config import load_settings
    from core.setup import init_instance

    settings = load_settings(
        environ={},
        instance=str(instance),
        database_url=database_url,
        secret_key="bench-secret-key-0123456789",
        plugins_dir=str(DESK_PLUGINS),
        redis_url=redis_url,
    )
    app = create_app(settings)
    init_instance(app)
    return app


def configure(goal_minutes: int = GOAL_MINUTES) -> int:
    """The 24/7 calendar and a ``desk.request`` policy with a goal of ``goal_minutes`` and the
    breach level only; tracking on. Returns the id of a user who owns the records (inside an
    application context; commits)."""
    from core.db import db
    from core.models import User
    from plugins.sla.config_store import apply
    from plugins.sla.switches import set_tracking

    policy = {
        "name": "Bench",
        "entity": "desk.request",
        "order": 100,
        "conditions": {},
        "calendar": "24/7",
        "on_change": "carry_over",
        "targets": [
            {
                "name": "Resolve",
                "start": ["created"],
                "stop": ["done"],
                "cancel": ["cancelled"],
                "minutes": goal_minutes,
                "escalations": [BREACH_LEVEL],
            }
        ],
    }
    apply({"calendars": [ALWAYS], "policies": [policy]})
    set_tracking("desk.request", True)
    owner = User(email="owner@bench.local", name="Owner", language="en")
    owner.set_roles(["employee"])
    db.session.add(owner)
    db.session.commit()
    return owner.id


def hold_periodic(app, redis_url: str, seconds: int = HOLD_SECONDS) -> list[str]:
    """Take the claim of every periodic task (the SLA sweep among them) so that no worker
    runs one for ``seconds``; returns their names."""
    import redis

    from core.queue.periodic import LOCK_PREFIX, collect

    names = [task.name for task in collect(app)]
    client = redis.Redis.from_url(redis_url)
    try:
        for name in names:
            client.set(LOCK_PREFIX + name, "bench", ex=seconds)
    finally:
        client.close()
    return names


def worker_env(app, redis_url: str) -> dict[str, str]:
    """The environment of an ``nhip worker`` on ``app``'s instance and database, able to
    import ``noop_jobs`` (``PYTHONPATH=bench``)."""
    nhip = app.config["NHIP"]
    env = server_env(
        Path(nhip.instance),
        database_url=nhip.database_url,
        secret_key=nhip.secret_key,
        plugins_dir=str(nhip.plugins_dir),
        redis_url=redis_url,
    )
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(BENCH), env.get("PYTHONPATH")) if p)
    return env


def start_worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    """Start ``nhip worker ARGS`` with its output in ``log``."""
    with log.open("w") as out:
        return subprocess.Popen(
            [str(NHIP), "worker", *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def start_rq_worker(env: dict[str, str], redis_url: str, log: Path) -> subprocess.Popen:
    """Start RQ's own ``rq worker --burst`` (no application, no scheduler) on ``redis_url``."""
    rq = Path(sys.executable).parent / "rq"
    with log.open("w") as out:
        return subprocess.Popen(
            [str(rq), "worker", "--burst", "--url", redis_url, "default"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop_worker(process: subprocess.Popen, timeout: float = 20.0) -> None:
    """SIGTERM (RQ's warm shutdown), then SIGKILL after ``timeout`` seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_all(processes: list[subprocess.Popen], timeout: float, logs: list[Path]) -> None:
    """Wait for burst workers to exit with 0 within ``timeout`` seconds (else stop them all)."""
    import time

    deadline = time.monotonic() + timeout
    try:
        for process, log in zip(processes, logs, strict=True):
            left = max(0.1, deadline - time.monotonic())
            code = process.wait(timeout=left)
            if code != 0:
                raise BenchError(f"worker exited with {code}:\n{tail(log)}")
    except subprocess.TimeoutExpired:
        raise BenchError(f"burst workers did not finish in {timeout:.0f} s") from None
    finally:
        for process in processes:
            stop_worker(process, timeout=5)


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def rq_times(redis_url: str, job_ids: list[str]) -> dict[str, dict]:
    """RQ's enqueued_at / started_at / ended_at (and worker_name) of each job still in Redis."""
    import redis
    from rq.utils import utcparse

    names = ("enqueued_at", "started_at", "ended_at")
    client = redis.Redis.from_url(redis_url)
    try:
        with client.pipeline() as pipe:
            for job_id in job_ids:
                pipe.hmget(f"rq:job:{job_id}", *names, "worker_name")
            rows = pipe.execute()
    finally:
        client.close()
    times = {}
    for job_id, row in zip(job_ids, rows, strict=True):
        stamps = zip(names, row[: len(names)], strict=True)
        values: dict = {name: utcparse(raw.decode()) for name, raw in stamps if raw}
        values["worker"] = (row[-1] or b"").decode()
        times[job_id] = values
    return times


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0..1) of ``values``, linear between neighbours."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: list[float]) -> float:
    return statistics.median(values)


@contextmanager
def sla_instance(with_redis: bool = True) -> Iterator[tuple]:
    """``(app, redis_url or None, owner id, folder)``: a throw-away database (and Redis
    database) with an initialised instance, configured by ``configure(GOAL_MINUTES)``."""
    with scratch_folder() as folder, throwaway_database() as database_url:
        with claimed_redis() if with_redis else nullcontext() as redis_url:
            app = build_app(folder / "instance", database_url, redis_url)
            try:
                with app.app_context():
                    owner = configure(GOAL_MINUTES)
                yield app, redis_url, owner, folder
            finally:
                with app.app_context():
                    from core.db import db

                    db.session.remove()
                    db.engine.dispose()


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary folder for the instance and the worker logs."""
    with tempfile.TemporaryDirectory(prefix="nhip-bench-") as name:
        yield Path(name)
