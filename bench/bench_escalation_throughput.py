"""Benchmark of SLA escalation throughput on real ``nhip worker --burst`` processes.

Run ``python bench/bench_escalation_throughput.py`` (or ``make bench``); it needs the local
PostgreSQL and Redis like ``bench_escalation_latency.py`` (same set-up: ``sla_bench_env``).

N records (``BENCH_THROUGHPUT_CLOCKS``, 600 by default to keep the run within a few minutes on
two shared cores; 1000 is the size the figures in docs/performance.md were also taken at) are
created with their clocks' breach a minute in the past; their clocks are split into 3 slices,
one per round. Each round, for 1 and for 4 burst workers, the three kinds run one after the
other (their order alternating from round to round):

- ``fire``: the slice's clocks are made due again (their firings deleted by SQL) and one
  escalation job per clock is queued through ``core.queue`` (as the scheduler would queue it),
  run by ``nhip worker --burst`` (jobs in the worker's process, its default);
- ``rq-noop``: as many jobs that do nothing (``noop_jobs.noop``) queued and run by RQ alone
  (``rq worker --burst``, RQ's default forking worker, no application): the baseline, the
  issue's "RQ's own no-op jobs per second";
- ``noop``: the same no-op queued through ``core.queue`` and run by ``nhip worker --burst``
  (the host's own cost per job: application context, plugin-state check; shown, no goal).

A rate is jobs per second from RQ's own timestamps while every worker was busy (see
``steady_rate``), so the workers' start-up is not counted. Reported: medians of the rounds'
rates, and per worker count the median of the rounds' fire / rq-noop ratios (each taken from
runs minutes apart at most, so that the load of a shared machine cancels); goal >= 0.5x.
Each firing also queues a bell delivery job behind the fire jobs; a fire round stops its
workers once every clock fired. The periodic tasks (the SLA sweep among them) are kept from
running (their claims are held in Redis).

Environment: ``BENCH_THROUGHPUT_CLOCKS`` (600), ``BENCH_ROUNDS`` (3), ``BENCH_BUDGET_SECONDS``
(300: no round starts after that; the medians are then those of the rounds done),
``BENCH_FORK=1`` (also a fourth kind, ``fire-fork``: the same firings on
``nhip worker --burst --fork-per-job``, a child forked per job; printed and recorded without
a goal: what the fork mode costs).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
from sla_bench_env import (  # noqa: E402
    GOAL_MINUTES,
    BenchError,
    exit_for,
    hold_periodic,
    median,
    rq_times,
    sla_instance,
    start_rq_worker,
    start_worker,
    stop_worker,
    tail,
    wait_all,
    worker_env,
)

THROUGHPUT_CLOCKS = int(os.environ.get("BENCH_THROUGHPUT_CLOCKS", "600"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
#: no round starts after this many seconds of measuring (a loaded machine): the medians are
#: then those of the rounds done, and the output says so
BUDGET_SECONDS = float(os.environ.get("BENCH_BUDGET_SECONDS", "300"))
RATIO_GOAL = 0.5
WORKER_COUNTS = (1, 4)
ROUND_TIMEOUT = 240.0
FIRE = "plugins.sla.escalation.job.fire"
#: BENCH_FORK=1: also run the firings on `nhip worker --fork-per-job` (kind ``fire-fork``)
FORK = os.environ.get("BENCH_FORK") == "1"
#: the kinds that fire clocks, and the ``nhip worker --burst`` options each runs with
FIRING = {"fire": (), "fire-fork": ("--fork-per-job",)}
NOOP = "noop_jobs.noop"


def steady_rate(times: dict[str, dict]) -> float:
    """Jobs per second while every worker was busy: from the instant the last worker began
    its first job to the instant the first worker ended its last one (with one worker: the
    first job's start to the last job's end). The workers' start-up is not counted."""
    by_worker: dict[str, list[dict]] = {}
    for values in times.values():
        by_worker.setdefault(values["worker"], []).append(values)
    begin = max(min(v["started_at"] for v in jobs) for jobs in by_worker.values())
    end = min(max(v["ended_at"] for v in jobs) for jobs in by_worker.values())
    if len(by_worker) == 1 or end <= begin:  # one worker (or one did almost nothing)
        begin = min(v["started_at"] for v in times.values())
        end = max(v["ended_at"] for v in times.values())
        return len(times) / (end - begin).total_seconds()
    ended = sum(1 for v in times.values() if begin < v["ended_at"] <= end)
    return ended / (end - begin).total_seconds()


def create_overdue_clocks(owner: int, count: int) -> list[tuple[int, int]]:
    """``count`` records whose breach passed a minute ago; their clocks' (id, version)."""
    import time_machine

    from core import records
    from core.db import db
    from plugins.sla.models import Clock

    past = datetime.now(UTC) - timedelta(minutes=GOAL_MINUTES + 1)
    ids = []
    for index in range(count):
        with time_machine.travel(past + timedelta(milliseconds=index), tick=False):
            record = records.create("desk.request", {"subject": f"Over {index}", "owner_id": owner})
            ids.append(record.id)
    rows = db.session.execute(
        db.select(Clock.id, Clock.version).where(Clock.record_id.in_(ids)).order_by(Clock.id)
    ).all()
    db.session.remove()
    return [tuple(row) for row in rows]


def reset_clocks(clocks: list[tuple[int, int]]) -> None:
    """Make the clocks due again: no firing, next due instant back at the deadline."""
    from sqlalchemy import text

    from core.db import db

    ids = [clock_id for clock_id, _version in clocks]
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM sla_escalation WHERE clock_id = ANY(:ids)"), {"ids": ids})
        conn.execute(
            text("DELETE FROM sla_clock_event WHERE kind = 'escalated' AND clock_id = ANY(:ids)"),
            {"ids": ids},
        )
        conn.execute(text("DELETE FROM core_notification"))
        conn.execute(
            text(
                "UPDATE sla_clock SET fired_percent = NULL, breached_at = NULL, "
                "next_due_at = deadline WHERE id = ANY(:ids)"
            ),
            {"ids": ids},
        )


def fired_count(clocks: list[tuple[int, int]]) -> int:
    from core.db import db
    from plugins.sla.models import Escalation

    ids = [clock_id for clock_id, _version in clocks]
    count = db.session.execute(
        db.select(db.func.count(Escalation.id)).where(Escalation.clock_id.in_(ids))
    ).scalar_one()
    db.session.rollback()
    return count


def queue_jobs(app, redis_url: str, kind: str, clocks: list[tuple[int, int]]) -> list[str]:
    """Empty the Redis database and queue one job per clock: ``fire`` (the escalation job,
    through ``core.queue``), ``noop`` (through ``core.queue``) or ``rq-noop`` (RQ directly)."""
    import redis
    from rq import Queue

    from core import queue
    from plugins.sla.escalation.schedule import job_id

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    hold_periodic(app, redis_url)
    ids = []
    try:
        if kind == "rq-noop":
            rq_queue = Queue("default", connection=client)
            for index in range(len(clocks)):
                ids.append(rq_queue.enqueue(NOOP, job_id=f"rqnoop-{index}").id)
            return ids
        with app.app_context():
            for index, (clock_id, version) in enumerate(clocks):
                if kind in FIRING:
                    ids.append(job_id(clock_id))
                    queue.enqueue(FIRE, clock_id, version, job_id=ids[-1])
                else:
                    ids.append(f"noop-{index}")
                    queue.enqueue(NOOP, index, job_id=ids[-1])
    finally:
        client.close()
    return ids


def run_round(app, redis_url, kind, workers, clocks, folder: Path) -> tuple[float, float, int]:
    """One burst of ``len(clocks)`` jobs on ``workers`` workers: (jobs per second, see
    ``steady_rate``; wall seconds including the workers' start; how many workers ran jobs)."""
    if kind in FIRING:
        with app.app_context():
            reset_clocks(clocks)
    ids = queue_jobs(app, redis_url, kind, clocks)
    env = worker_env(app, redis_url)
    logs = [folder / f"worker-{kind}-{workers}-{n}.log" for n in range(workers)]
    began = time.monotonic()
    if kind == "rq-noop":
        processes = [start_rq_worker(env, redis_url, log) for log in logs]
    else:
        options = FIRING.get(kind, ())
        processes = [start_worker(env, log, "--burst", *options) for log in logs]
    if kind in FIRING:
        # each firing queues a bell delivery job behind the fire jobs: stop once all fired
        deadline = began + ROUND_TIMEOUT
        with app.app_context():
            while (count := fired_count(clocks)) < len(clocks):
                if time.monotonic() > deadline or all(p.poll() is not None for p in processes):
                    for process in processes:
                        stop_worker(process, timeout=5)
                    raise BenchError(
                        f"only {count} of {len(clocks)} clocks fired:\n{tail(logs[0])}"
                    )
                time.sleep(0.25)
        wall = time.monotonic() - began
        for process in processes:
            stop_worker(process)
    else:
        wait_all(processes, ROUND_TIMEOUT, logs)
        wall = time.monotonic() - began
    times = rq_times(redis_url, ids)
    done = {job: v for job, v in times.items() if {"started_at", "ended_at"} <= v.keys()}
    if len(done) < len(ids):
        raise BenchError(f"{kind}: {len(ids) - len(done)} of {len(ids)} jobs did not finish")
    return steady_rate(done), wall, len({v["worker"] for v in done.values()})


def measure_throughput(app, redis_url: str, owner: int, folder: Path) -> list[dict]:
    import redis

    with app.app_context():
        clocks = create_overdue_clocks(owner, THROUGHPUT_CLOCKS)
    redis.Redis.from_url(redis_url).flushdb()  # their jobs were scheduled at creation
    kinds = ("noop", "fire", "rq-noop") + (("fire-fork",) if FORK else ())
    rates: dict[tuple[str, int], list[float]] = {}
    ratios: dict[int, list[float]] = {}
    print(
        f"Throughput: {len(clocks)} due clocks in {ROUNDS} slices, one per round; each round "
        f"runs every kind on 1 and on {WORKER_COUNTS[-1]} burst workers, order alternating"
    )
    began = time.monotonic()
    done = 0
    for number in range(ROUNDS):
        if number and time.monotonic() - began > BUDGET_SECONDS:
            print(
                f"   stopped after {number} of {ROUNDS} rounds: the {BUDGET_SECONDS:.0f} s budget "
                "is spent (a loaded machine?); medians of the rounds done"
            )
            break
        done = number + 1
        part = clocks[number::ROUNDS]
        for workers in WORKER_COUNTS:
            order = kinds if (number + workers) % 2 == 0 else tuple(reversed(kinds))
            line = []
            for kind in order:
                rate, wall, busy = run_round(app, redis_url, kind, workers, part, folder)
                rates.setdefault((kind, workers), []).append(rate)
                line.append(f"{kind} {rate:5.1f}/s ({wall:4.1f} s wall, {busy} busy)")
            bare = rates[("rq-noop", workers)][-1]
            for kind in FIRING:
                if (kind, workers) in rates:
                    ratios.setdefault((kind, workers), []).append(rates[(kind, workers)][-1] / bare)
            ratio = ratios[("fire", workers)][-1]
            print(
                f"   round {number + 1} x{workers}, {len(part)} jobs each: "
                + ", ".join(line)
                + f"; fire/rq-noop {ratio:.2f}x",
                flush=True,
            )
    return report(rates, ratios, done)


def report(rates: dict, ratios: dict, done: int) -> list[dict]:
    """Print the medians of the rounds and return their ``results`` entries."""
    print(f"   medians of {done} rounds (ratio: median of the rounds' fire / rq-noop):")
    print(
        f"   {'workers':>7}{'fire/s':>10}{'rq noop/s':>11}{'ratio':>8}{'nhip noop/s':>13}"
        f"{'fire/noop':>11}   goal"
    )
    entries = []
    for workers in WORKER_COUNTS:
        fire = median(rates[("fire", workers)])
        noop = median(rates[("noop", workers)])
        bare = median(rates[("rq-noop", workers)])
        ratio = median(ratios[("fire", workers)])
        passed = ratio >= RATIO_GOAL
        print(
            f"   {workers:>7}{fire:10.1f}{bare:11.1f}{ratio:7.2f}x{noop:13.1f}{fire / noop:10.2f}x"
            f"   >= {RATIO_GOAL:g}x of rq's no-op: passed {'yes' if passed else 'no'}"
        )
        label = f"{workers} worker{'s' if workers > 1 else ''}"
        entries += [
            results.entry(f"escalation firings/s, {label}", fire, "1/s", None, bare, None),
            results.entry(f"no-op jobs/s (nhip worker), {label}", noop, "1/s"),
            results.entry(f"no-op jobs/s (bare rq worker), {label}", bare, "1/s"),
            results.entry(
                f"escalation throughput / no-op, {label}",
                ratio,
                "x",
                f">= {RATIO_GOAL:g}x of rq worker's no-op",
                1.0,
                passed,
            ),
        ]
    if FORK:
        print("   the same firings on `nhip worker --fork-per-job` (no goal: the fork's cost):")
        for workers in WORKER_COUNTS:
            forked = median(rates[("fire-fork", workers)])
            ratio = median(ratios[("fire-fork", workers)])
            print(f"   {workers:>7}{forked:10.1f}{'':11}{ratio:7.2f}x")
            label = f"{workers} worker{'s' if workers > 1 else ''}"
            entries.append(
                results.entry(
                    f"escalation throughput / no-op with --fork-per-job, {label}",
                    ratio,
                    "x",
                    None,
                    1.0,
                    None,
                )
            )
    return entries


def main() -> None:
    started = time.monotonic()
    with sla_instance() as (app, redis_url, owner, folder):
        entries = measure_throughput(app, redis_url, owner, folder)
    results.record(entries)
    print(f"\n({time.monotonic() - started:.0f} s; results merged into {results.PATH.name})")


if __name__ == "__main__":
    try:
        main()
    except BenchError as exc:
        exit_for("bench_escalation_throughput", exc)
