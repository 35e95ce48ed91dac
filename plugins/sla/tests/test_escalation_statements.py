"""The escalation job's cost on a queue worker: how many SQL statements one firing sends, and
the worker's warm-up (a rehearsed firing before the first job, rolled back) that leaves the
jobs, in the worker's process or forked per job, with the firing's statements already
compiled (docs/performance.md, "Throughput")."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine.interfaces import CacheStats

from core.db import db
from core.models import Notification
from core.queue.worker import warm_up
from plugins.sla.escalation.job import fire
from plugins.sla.escalation.schedule import PLANNED_KEY
from plugins.sla.models import Clock, ClockEvent, Escalation
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import AGENT, clocks_of, new_request

#: the throughput benchmark's level: the breach, telling the record's owner in the bell
BREACH = {"at": 100, "actions": [{"type": "notify", "to": ["responsible"], "channels": ["in_app"]}]}
TARGET = {"name": "Resolve", "start": ["created"], "stop": ["done"], "minutes": 60}
#: statements of one such firing on PostgreSQL (18 before the worker warm-up commit; SQLite
#: locks each row with one more statement: an UPDATE)
FIRING_STATEMENTS = 16


@contextmanager
def statements():
    """``(statement, compiled cache hit)`` of each SQL statement sent inside the block."""
    seen: list[tuple[str, bool]] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        hit = getattr(context, "cache_hit", None) == CacheStats.CACHE_HIT
        seen.append((statement, hit))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _due_requests(clock_at, make_user, count: int) -> list[int]:
    """``count`` desk requests whose Resolve clock is past its breach; their clocks' ids."""
    configure(desk_policy(targets=[{**TARGET, "escalations": [BREACH]}]))
    owner = make_user("owner@example.com", roles=AGENT)
    clock_at("2026-12-07T09:00")
    ids = [clocks_of(new_request(owner_id=owner))["Resolve"].id for _ in range(count)]
    db.session.commit()
    db.session.remove()
    clock_at("2026-12-07T10:30")
    return ids


def _stored() -> tuple[int, int, int]:
    return tuple(
        db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()
        for model in (Escalation, ClockEvent, Notification)
    )


def test_one_breach_firing_sends_at_most_its_statements(sla_app, clock_at, make_user):
    [clock_id] = _due_requests(clock_at, make_user, 1)
    with statements() as seen:
        assert fire(clock_id) == 1
    sqlite = db.engine.dialect.name == "sqlite"
    limit = FIRING_STATEMENTS + (2 if sqlite else 0)
    assert len(seen) <= limit, "\n".join(statement for statement, _hit in seen)
    assert db.session.execute(db.select(db.func.count(Escalation.id))).scalar_one() == 1


def test_hook_worker_warm_up(sla_app, clock_at, make_user):
    """The worker's warm-up stores nothing, and leaves a firing of another clock compiled."""
    first, second = _due_requests(clock_at, make_user, 2)
    before = _stored()
    db.engine._compiled_cache.clear()  # a fresh worker: nothing compiled yet
    warm_up(sla_app)
    assert _stored() == before
    assert PLANNED_KEY not in db.session.info
    assert all(db.session.get(Clock, c).fired_percent is None for c in (first, second))
    db.session.remove()
    with statements() as seen:
        assert fire(second) == 1
    compiled_here = [s for s, hit in seen if not hit and not s.startswith(("SAVEPOINT", "RELEASE"))]
    assert compiled_here == []
    assert db.session.execute(db.select(db.func.count(Escalation.id))).scalar_one() == 1


def test_without_the_warm_up_the_firing_compiles_its_statements(sla_app, clock_at, make_user):
    [clock_id] = _due_requests(clock_at, make_user, 1)
    db.engine._compiled_cache.clear()
    with statements() as seen:
        assert fire(clock_id) == 1
    assert sum(1 for _statement, hit in seen if not hit) >= 5
