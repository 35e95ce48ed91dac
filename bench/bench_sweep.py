"""Benchmark of the SLA sweep's query over 1,000,000 clocks on SQLite and PostgreSQL.

Run ``python bench/bench_sweep.py`` (or ``make bench``). In a throw-away database (created
and dropped here) it makes one real clock through the application (a ``desk.request`` record
on a 24/7 policy), then copies it by SQL into ``sla_clock`` (``INSERT ... SELECT
generate_series``) until the table holds ``BENCH_SWEEP_CLOCKS`` (1,000,000) rows: about 100
due now, 60 % stopped (``next_due_at`` NULL) and the rest due at instants spread over the
coming year. After ANALYZE it times ``plugins.sla.escalation.sweep.due_clock_ids(now)``, the
query each sweep starts with, and prints its plan (EXPLAIN ANALYZE of the very statement the
function sent), which must use the index ``ix_sla_clock_due``; goal: median under 100 ms. The
baseline is the same query with index scans forbidden (``enable_indexscan`` and
``enable_bitmapscan`` off, so a sequential scan), timed in interleaved rounds. The sweep's
second query (the clocks due within its re-scheduling horizon) is timed the same way.

The same runs on SQLite (a file in a temporary folder; ``BENCH_SWEEP_BACKENDS=sqlite`` or
``postgresql`` runs one): the copies are made by a recursive ``WITH`` and ``ANALYZE``d, the
plan is ``EXPLAIN QUERY PLAN`` (which must name ``ix_sla_clock_due``), and the baseline is
the same statement with ``sla_clock NOT INDEXED`` (SQLite has no switch to forbid index scans
for a session). Entries are named per backend (``sweep due_clock_ids, SQLite``).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402
from sla_bench_env import (  # noqa: E402
    BenchError,
    build_app,
    configure,
    exit_for,
    median,
    scratch_folder,
    throwaway_database,
)

BACKENDS = os.environ.get("BENCH_SWEEP_BACKENDS", "sqlite,postgresql").split(",")
LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CLOCKS = int(os.environ.get("BENCH_SWEEP_CLOCKS", "1000000"))
ROUNDS = int(os.environ.get("BENCH_SWEEP_ROUNDS", "15"))
DUE_NOW = 100
GOAL_MS = 100.0
INDEX = "ix_sla_clock_due"
NO_INDEX = ("SET LOCAL enable_indexscan = off", "SET LOCAL enable_bitmapscan = off")

# Row g (1..CLOCKS-1) of the copy: the first DUE_NOW are due (g seconds ago); of the others,
# g % 10 < 6 are stopped clocks (met, not current, nothing due), the rest run and are due at an
# instant of the coming year (a multiplicative hash of g spreads them).
FILL = """
INSERT INTO sla_clock (
    entity, record_id, target_id, version_id, calendar_id, target_name, cycle, current,
    state, goal_minutes, spent_minutes, started_at, resumed_at, deadline, next_due_at,
    stopped_at, version, seen_states
)
SELECT c.entity, c.record_id, c.target_id, c.version_id, c.calendar_id, c.target_name,
       c.cycle,
       CASE WHEN g > :due_now AND g % 10 < 6 THEN false ELSE true END,
       CASE WHEN g > :due_now AND g % 10 < 6 THEN 'met' ELSE 'running' END,
       c.goal_minutes, c.spent_minutes, c.started_at, c.resumed_at, c.deadline,
       CASE
           WHEN g <= :due_now THEN :now - make_interval(secs => g)
           WHEN g % 10 < 6 THEN NULL
           ELSE :now + make_interval(secs => 60 + (g::bigint * 2654435761) % 31536000)
       END,
       CASE WHEN g > :due_now AND g % 10 < 6 THEN :now ELSE NULL END,
       c.version, c.seen_states
FROM generate_series(1, :count) AS g, (SELECT * FROM sla_clock WHERE id = :clock_id) AS c
"""
# The same rows on SQLite: instants as SQLAlchemy stores them there (naive UTC text).
SQLITE_INSTANT = "strftime('%Y-%m-%d %H:%M:%S', :now, '{sign}' || ({seconds}) || ' seconds')"
FILL_SQLITE = f"""
WITH RECURSIVE series(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM series WHERE g < :count)
INSERT INTO sla_clock (
    entity, record_id, target_id, version_id, calendar_id, target_name, cycle, current,
    state, goal_minutes, spent_minutes, started_at, resumed_at, deadline, next_due_at,
    stopped_at, version, seen_states
)
SELECT c.entity, c.record_id, c.target_id, c.version_id, c.calendar_id, c.target_name,
       c.cycle,
       CASE WHEN g > :due_now AND g % 10 < 6 THEN 0 ELSE 1 END,
       CASE WHEN g > :due_now AND g % 10 < 6 THEN 'met' ELSE 'running' END,
       c.goal_minutes, c.spent_minutes, c.started_at, c.resumed_at, c.deadline,
       CASE
           WHEN g <= :due_now THEN {SQLITE_INSTANT.format(sign="-", seconds="g")} || '.000000'
           WHEN g % 10 < 6 THEN NULL
           ELSE {SQLITE_INSTANT.format(sign="+", seconds="60 + (g * 2654435761) % 31536000")}
                || '.000000'
       END,
       CASE WHEN g > :due_now AND g % 10 < 6 THEN :now || '.000000' ELSE NULL END,
       c.version, c.seen_states
FROM series, (SELECT * FROM sla_clock WHERE id = :clock_id) AS c
"""


def make_clocks() -> tuple[int, float]:
    """One real clock through the application, then its copies; (rows, seconds to fill)."""
    from sqlalchemy import text

    from core import records
    from core.db import db, utcnow
    from plugins.sla.models import Clock

    owner = configure(goal_minutes=60)
    record = records.create("desk.request", {"subject": "Template", "owner_id": owner})
    clock_id = db.session.execute(
        db.select(Clock.id).where(Clock.record_id == record.id)
    ).scalar_one()
    db.session.remove()
    began = time.perf_counter()
    sqlite = db.engine.dialect.name == "sqlite"
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(
            text(FILL_SQLITE if sqlite else FILL),
            {
                "due_now": DUE_NOW,
                "now": now.strftime("%Y-%m-%d %H:%M:%S") if sqlite else now,
                "count": CLOCKS - 1,
                "clock_id": clock_id,
            },
        )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE" if sqlite else "VACUUM ANALYZE sla_clock"))
        rows = conn.execute(text("SELECT count(*) FROM sla_clock")).scalar_one()
    return rows, time.perf_counter() - began


class Captured:
    """The last statement and parameters the session sent (to EXPLAIN exactly that)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.statement = ""
        self.parameters = None
        event.listen(engine, "before_cursor_execute", self.keep)

    def keep(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.statement, self.parameters = statement, parameters


def not_indexed(captured: Captured) -> Callable[[], list]:
    """The captured statement again with ``sla_clock NOT INDEXED`` (SQLite's baseline)."""
    from core.db import db

    statement = captured.statement.replace("FROM sla_clock", "FROM sla_clock NOT INDEXED", 1)
    parameters = captured.parameters

    def call() -> list:
        return db.session.connection().exec_driver_sql(statement, parameters).all()

    return call


def timed(call: Callable[[], object], forbid_index: bool) -> tuple[float, object]:
    """Milliseconds of ``call()`` in a fresh transaction (index scans forbidden or not; on
    SQLite the caller passes the ``NOT INDEXED`` statement instead)."""
    from sqlalchemy import text

    from core.db import db

    db.session.rollback()
    db.session.execute(text("SELECT 1"))  # the transaction and its connection are ready
    if forbid_index and db.engine.dialect.name != "sqlite":
        for statement in NO_INDEX:
            db.session.execute(text(statement))
    began = time.perf_counter()
    value = call()
    elapsed = (time.perf_counter() - began) * 1000
    db.session.rollback()
    return elapsed, value


def explain(captured: Captured, call: Callable[[], object], forbid_index: bool) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the statement ``call`` sends (SQLite: EXPLAIN QUERY
    PLAN, of the ``NOT INDEXED`` statement for the baseline)."""
    from sqlalchemy import text

    from core.db import db

    timed(call, False)
    db.session.rollback()
    if db.engine.dialect.name == "sqlite":
        statement = captured.statement
        if forbid_index:
            statement = statement.replace("FROM sla_clock", "FROM sla_clock NOT INDEXED", 1)
        rows = (
            db.session.connection()
            .exec_driver_sql("EXPLAIN QUERY PLAN " + statement, captured.parameters)
            .all()
        )
        db.session.rollback()
        return "\n".join(str(row[-1]) for row in rows)
    if forbid_index:
        for statement in NO_INDEX:
            db.session.execute(text(statement))
    conn = db.session.connection()
    rows = conn.exec_driver_sql(
        "EXPLAIN (ANALYZE, BUFFERS) " + captured.statement, captured.parameters
    ).all()
    db.session.rollback()
    return "\n".join(row[0] for row in rows)


def main() -> None:
    started = time.monotonic()
    entries = []
    for backend in BACKENDS:
        entries += run_on(backend.strip())
    results.record(entries)
    print(f"\n({time.monotonic() - started:.0f} s; results merged into {results.PATH.name})")


def run_on(backend: str) -> list[dict]:
    """The measurements on one backend (a throw-away database of its own)."""
    from core.db import db, utcnow
    from plugins.sla.escalation.sweep import HORIZON, due_clock_ids
    from plugins.sla.models import Clock

    label = LABELS[backend]
    with scratch_folder() as folder:
        with throwaway_database() if backend == "postgresql" else nullcontext() as pg_url:
            database_url = pg_url or f"sqlite:///{folder / 'sweep.sqlite3'}"
            app = build_app(folder / "instance", database_url)
            try:
                with app.app_context():
                    rows, fill_seconds = make_clocks()
                    print(
                        f"\nsla_clock: {rows:,} rows on {label} (filled and analysed in "
                        f"{fill_seconds:.1f} s); {DUE_NOW} due now, 60 % stopped, the rest due "
                        "within a year"
                    )
                    captured = Captured(db.engine)
                    now = utcnow()

                    def due() -> list[int]:
                        return due_clock_ids(now)

                    def upcoming() -> list:
                        return db.session.execute(
                            db.select(Clock.id, Clock.version, Clock.next_due_at).where(
                                Clock.next_due_at > now, Clock.next_due_at <= now + HORIZON
                            )
                        ).all()

                    entries = []
                    minutes = HORIZON // timedelta(minutes=1)
                    for text, call, name in (
                        ("due_clock_ids(now)", due, "sweep due_clock_ids"),
                        (f"sweep: due within {minutes} min", upcoming, "sweep re-schedule query"),
                    ):
                        gated = name == "sweep due_clock_ids"
                        entries += measure(
                            f"{text} on {label}", f"{name}, {label}", captured, call, gated
                        )
            finally:
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
    return entries


def measure(label, name, captured, call, gated: bool) -> list[dict]:
    """Time ``call`` with and without index scans in interleaved rounds; print the plans."""
    from core.db import db

    index_plan = explain(captured, call, forbid_index=False)
    seq_plan = explain(captured, call, forbid_index=True)
    found = len(timed(call, False)[1])
    baseline = not_indexed(captured) if db.engine.dialect.name == "sqlite" else call
    with_index, without = [], []
    timed(call, False), timed(baseline, True)  # warm both plans' caches
    for number in range(ROUNDS):
        order = (False, True) if number % 2 == 0 else (True, False)
        for forbid in order:
            elapsed, _value = timed(baseline if forbid else call, forbid)
            (without if forbid else with_index).append(elapsed)
    fast, slow = median(with_index), median(without)
    uses_index = INDEX in index_plan
    print(f"\n{label}: {found} clocks, median of {ROUNDS} interleaved rounds")
    print("   plan:\n" + "\n".join("     " + line for line in index_plan.splitlines()))
    print("   baseline plan (index scans off):")
    print("\n".join("     " + line for line in seq_plan.splitlines()))
    print(f"   {'with the index':32}{fast:9.2f} ms")
    print(f"   {'sequential scan (baseline)':32}{slow:9.2f} ms   ratio {slow / fast:,.0f}x")
    print(f"   uses {INDEX}: {'yes' if uses_index else 'NO'}")
    if not gated:
        return [results.entry(name, fast, "ms", None, slow, None)]
    passed = uses_index and fast < GOAL_MS
    print(f"   goal median < {GOAL_MS:g} ms with the index: passed {'yes' if passed else 'no'}")
    return [
        results.entry(name, fast, "ms", f"< {GOAL_MS:g} ms, index {INDEX}", slow, passed),
        results.entry(f"{name} seq-scan / index", slow / fast, "x", None, 1.0, None),
    ]


if __name__ == "__main__":
    try:
        main()
    except BenchError as exc:
        exit_for("bench_sweep", exc)
