"""Benchmark of SLA escalation latency on a real ``nhip worker`` (PostgreSQL + Redis).

Run ``python bench/bench_escalation_latency.py`` (or ``make bench``). It needs the local
PostgreSQL (a throw-away database is created and dropped) and Redis (a database number of its
own, claimed the way the test suite claims one). Records are ``desk.request`` (the SLA tests'
fixture plugin) on a 24/7 calendar with a one-minute goal and one ladder level, the breach,
which notifies the record's owner in the bell (see ``sla_bench_env``).

One ``nhip worker`` (not burst: its RQ scheduler moves due jobs to the queue every second) runs
while ~200 records are created "in the past" (time-machine, in this process) so that their
clocks reach the breach at instants spread over the next ~30 s; their jobs are scheduled by
the after-commit hand-over, as in production. Reported: p50 and p95 of
``Escalation.fired_at - Escalation.due_at`` against the goal p95 <= 2 s, and where the time
goes, from RQ's own timestamps: the job's instant rounded up to the whole second
(``core.queue.schedule_at``), the scheduler's pick-up, the wait in the queue (plus the fork of a
child with ``--fork-per-job``; the worker here runs its jobs in its own process, the default),
the job until it records the firing. The baseline is the scheduling floor measured in the same run
(rounding plus pick-up: what any job scheduled through ``core.queue`` waits on this worker
before RQ even queues it). The periodic tasks (the SLA sweep among them) are kept from
running (their claims are held in Redis), so every firing measured is the job's.

Environment: ``BENCH_LATENCY_RECORDS`` (200).
"""

from __future__ import annotations

import math
import os
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
from sla_bench_env import (  # noqa: E402
    GOAL_MINUTES,
    BenchError,
    exit_for,
    hold_periodic,
    percentile,
    rq_times,
    sla_instance,
    start_worker,
    stop_worker,
    tail,
    worker_env,
)

LATENCY_RECORDS = int(os.environ.get("BENCH_LATENCY_RECORDS", "200"))
#: the first level falls this long after the creation starts, the last LEAD + SPREAD after
LEAD_SECONDS = 10.0
SPREAD_SECONDS = 30.0
#: a record is never created with its level due sooner than this (a slow machine shifts it)
MIN_AHEAD_SECONDS = 1.5
#: how long to wait for the last levels after the last instant
GRACE_SECONDS = 45.0
LATENCY_GOAL_P95 = 2.0
READY_TIMEOUT = 60.0
#: the baseline: rounding up plus the scheduler's pick-up, before any work of the job
FLOOR = "floor: due -> queued by RQ"


@dataclass
class LatencyRun:
    latencies: list[float]
    shifted: int
    missing: int
    parts: dict[str, list[float]]
    problem: str = ""


def wait_for_worker(redis_url: str, process, log: Path) -> None:
    """Until the worker is registered and its scheduler holds the queue's lock."""
    import redis
    from rq import Worker
    from rq.scheduler import RQScheduler

    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + READY_TIMEOUT
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise BenchError(f"nhip worker exited with {process.returncode}:\n{tail(log)}")
            lock = client.exists(RQScheduler.get_locking_key("default"))
            if lock and Worker.count(connection=client) >= 1:
                return
            time.sleep(0.2)
    finally:
        client.close()
    raise BenchError(f"nhip worker not ready in {READY_TIMEOUT:.0f} s:\n{tail(log)}")


def create_due_records(owner: int, count: int) -> tuple[list[datetime], int]:
    """Create ``count`` records whose breach falls at instants spread over the coming
    seconds (each created ``GOAL_MINUTES`` before its instant); returns the planned instants
    and how many had to be moved later because creating took longer than planned."""
    import time_machine

    from core import records

    start = datetime.now(UTC) + timedelta(seconds=LEAD_SECONDS)
    planned, shifted = [], 0
    for index in range(count):
        due = start + timedelta(seconds=SPREAD_SECONDS * index / max(count - 1, 1))
        soonest = datetime.now(UTC) + timedelta(seconds=MIN_AHEAD_SECONDS)
        if due < soonest:
            due, shifted = soonest, shifted + 1
        with time_machine.travel(due - timedelta(minutes=GOAL_MINUTES), tick=False):
            records.create("desk.request", {"subject": f"Due {index}", "owner_id": owner})
        planned.append(due)
    return planned, shifted


def measure_latency(app, redis_url: str, owner: int, folder: Path) -> LatencyRun:
    from core.db import db
    from plugins.sla.escalation.schedule import job_id
    from plugins.sla.models import Escalation

    hold_periodic(app, redis_url)
    log = folder / "worker-latency.log"
    process = start_worker(worker_env(app, redis_url), log)
    try:
        wait_for_worker(redis_url, process, log)
        with app.app_context():
            planned, shifted = create_due_records(owner, LATENCY_RECORDS)
            db.session.remove()
        deadline = time.monotonic() + max(0.0, (planned[-1] - datetime.now(UTC)).total_seconds())
        deadline += GRACE_SECONDS
        with app.app_context():
            while time.monotonic() < deadline:
                fired = db.session.execute(db.select(db.func.count(Escalation.id))).scalar_one()
                db.session.rollback()
                if fired >= LATENCY_RECORDS:
                    break
                if process.poll() is not None:
                    raise BenchError(f"nhip worker died:\n{tail(log)}")
                time.sleep(0.5)
            rows = db.session.execute(
                db.select(Escalation.clock_id, Escalation.due_at, Escalation.fired_at)
            ).all()
            db.session.remove()
            problem = "" if len(rows) >= LATENCY_RECORDS else where_are_they(redis_url, log)
    finally:
        stop_worker(process)
    latencies = [(fired - due).total_seconds() for _id, due, fired in rows]
    times = rq_times(redis_url, [job_id(clock_id) for clock_id, _d, _f in rows])
    parts: dict[str, list[float]] = {
        "rounding up to the second": [],
        "scheduler pick-up": [],
        "queue wait": [],
        "job start to firing": [],
        FLOOR: [],
    }
    for clock_id, due, fired in rows:
        rq = times.get(job_id(clock_id), {})
        if not {"enqueued_at", "started_at"} <= rq.keys():
            continue
        whole = datetime.fromtimestamp(math.ceil(due.timestamp()), UTC)
        parts["rounding up to the second"].append((whole - due).total_seconds())
        parts["scheduler pick-up"].append((rq["enqueued_at"] - whole).total_seconds())
        parts["queue wait"].append((rq["started_at"] - rq["enqueued_at"]).total_seconds())
        parts["job start to firing"].append((fired - rq["started_at"]).total_seconds())
        parts[FLOOR].append((rq["enqueued_at"] - due).total_seconds())
    return LatencyRun(latencies, shifted, LATENCY_RECORDS - len(rows), parts, problem)


def where_are_they(redis_url: str, log: Path) -> str:
    """When levels did not fire: the clocks still due, RQ's registries and the worker's log."""
    import redis
    from rq import Queue
    from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry

    from core.db import db
    from plugins.sla.models import Clock

    waiting = db.session.execute(
        db.select(db.func.count(Clock.id), db.func.min(Clock.next_due_at)).where(
            Clock.next_due_at.is_not(None)
        )
    ).one()
    db.session.rollback()
    client = redis.Redis.from_url(redis_url)
    try:
        queue = Queue("default", connection=client)
        counts = (
            f"queued {queue.count}, scheduled {ScheduledJobRegistry(queue=queue).count}, "
            f"started {StartedJobRegistry(queue=queue).count}, "
            f"failed {FailedJobRegistry(queue=queue).count}"
        )
    finally:
        client.close()
    lines = [
        line
        for line in tail(log, 400).splitlines()
        if "Successfully completed" not in line and "Job OK" not in line and "kept for" not in line
    ]
    return (
        f"clocks still due: {waiting[0]} (earliest {waiting[1]}); RQ: {counts}\n"
        "worker log (without successes):\n" + "\n".join(lines[-25:])
    )


def report_latency(run: LatencyRun) -> list[dict]:
    p50, p95 = percentile(run.latencies, 0.5), percentile(run.latencies, 0.95)
    passed = run.missing == 0 and p95 <= LATENCY_GOAL_P95
    print(
        f"Latency, due instant -> Escalation.fired_at: {len(run.latencies)} firings on one "
        f"nhip worker (with its scheduler)"
    )
    if run.shifted:
        print(f"   ({run.shifted} records created late: their instant was moved later)")
    print(f"   {'':28}{'p50':>8}{'p95':>8}{'max':>8}")
    print(
        f"   {'fired_at - due_at':28}{p50:7.2f}s{p95:7.2f}s"
        f"{max(run.latencies, default=float('nan')):7.2f}s"
    )
    for name, values in run.parts.items():
        if values:
            print(
                f"     {name:26}{percentile(values, 0.5):7.2f}s{percentile(values, 0.95):7.2f}s"
                f"{max(values):7.2f}s"
            )
    if run.missing:
        print(f"   {run.missing} of {LATENCY_RECORDS} levels did not fire in time")
        print("   " + run.problem.replace("\n", "\n   "))
    floor = run.parts[FLOOR]
    floor50 = percentile(floor, 0.5) if floor else None
    floor95 = percentile(floor, 0.95) if floor else None
    if floor95:
        print(f"   p95 / floor p95: {p95 / floor95:.2f}x (the rest is queueing and the job)")
    print(f"   goal p95 <= {LATENCY_GOAL_P95:g} s: passed {'yes' if passed else 'no'}")
    return [
        results.entry("escalation latency p50", p50, "s", None, floor50, None),
        results.entry(
            "escalation latency p95", p95, "s", f"<= {LATENCY_GOAL_P95:g} s", floor95, passed
        ),
    ]


def main() -> None:
    started = time.monotonic()
    with sla_instance() as (app, redis_url, owner, folder):
        entries = report_latency(measure_latency(app, redis_url, owner, folder))
    results.record(entries)
    print(f"\n({time.monotonic() - started:.0f} s; results merged into {results.PATH.name})")


if __name__ == "__main__":
    try:
        main()
    except BenchError as exc:
        exit_for("bench_escalation_latency", exc)
