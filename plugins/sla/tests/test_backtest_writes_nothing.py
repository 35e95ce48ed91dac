"""A backtest writes nothing: no row of any SLA table, no audit line, no notification, no
escalation job; the live policy and the records' clocks stay as they were."""

from __future__ import annotations

import threading

import pytest
import redis

from core.db import db
from core.queue.embedded import state_of
from plugins.sla.backtest.draft import Draft
from plugins.sla.backtest.period import read_period
from plugins.sla.backtest.run import backtest
from plugins.sla.config_store import export
from plugins.sla.escalation.schedule import PLANNED_KEY
from plugins.sla.models import Clock, Policy
from plugins.sla.switches import is_tracked
from plugins.sla.tests.backtest_support import month_of_requests, respond_in
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import AGENT, new_request
from plugins.sla.tests.test_backtest import VN

WATCHED = ("core_audit_entry", "core_notification")


def _counts() -> dict[str, int]:
    tables = [
        t for t in db.metadata.sorted_tables if t.name.startswith("sla_") or t.name in WATCHED
    ]
    return {
        t.name: db.session.execute(db.select(db.func.count()).select_from(t)).scalar()
        for t in tables
    }


def _clocks() -> list[tuple]:
    columns = Clock.__table__.columns
    return [tuple(row) for row in db.session.execute(db.select(*columns).order_by(Clock.id)).all()]


def _loud_draft() -> dict:
    """A draft whose goal every record misses, escalating by telling and by incident, with a
    level still ahead for the request never answered (its job would be scheduled)."""
    targets = respond_in(30)
    targets[0]["escalations"] = [
        {"at": 50, "actions": [{"type": "notify", "to": ["responsible", "manager"]}]},
        {"at": 100, "actions": [{"type": "incident", "severity": "major"}]},
        {"at": 10_000, "actions": [{"type": "notify", "to": ["responsible"]}]},  # still ahead
    ]
    return desk_policy(targets=targets)


def _late_month(clock_at, make_user):
    owner = make_user("lan@example.com", roles=AGENT)
    configure(desk_policy(targets=respond_in(60)))
    clock_at("2026-11-30T09:00")
    new_request(subject="Never answered", owner_id=owner, team="care")  # still running, late
    db.session.commit()
    month_of_requests(clock_at, owner_id=owner)
    clock_at("2026-12-03T10:00")  # the draft's last level for the unanswered one is ahead


def _run(app):
    policy_id = db.session.execute(db.select(Policy.id)).scalar_one()
    period, _ = read_period("2026-11-01", "2026-11-30", None, VN)
    entity = app.extensions["nhip"].entities.get("desk.request")
    return backtest(
        entity, Draft({"policies": [_loud_draft()]}, "Desk standard", policy_id), period
    )


def _scheduled(app) -> list[tuple]:
    return [(job.job_id, job.when) for job in state_of(app).waiting()]


def test_nothing_is_written_sent_or_scheduled(sla_app, clock_at, make_user):
    _late_month(clock_at, make_user)
    before = (_counts(), _clocks(), export(), _scheduled(sla_app))
    result = _run(sla_app)
    assert result.draft.counts["breached"] == 1 and result.draft.counts["met_late"] == 3
    db.session.commit()  # were anything left in the session, it would be written now
    db.session.expire_all()
    assert (_counts(), _clocks(), export(), _scheduled(sla_app)) == before
    assert PLANNED_KEY not in db.session.info


def test_a_new_policy_for_a_type_tracked_by_nobody_leaves_tracking_off(sla_app, clock_at):
    configure(track=False)
    month_of_requests(clock_at)
    before = _counts()
    period, _ = read_period("2026-11-01", "2026-11-30", None, VN)
    entity = sla_app.extensions["nhip"].entities.get("desk.request")
    draft = Draft({"policies": [desk_policy("New", targets=respond_in(60))]}, "New")
    result = backtest(entity, draft, period)
    assert (result.draft.counts["met"], result.draft.counts["met_late"]) == (2, 1)
    assert not result.actual.counts
    db.session.commit()
    assert _counts() == before
    assert db.session.execute(db.select(Policy)).first() is None
    assert not is_tracked("desk.request")


@pytest.mark.redis
def test_with_redis_no_job_is_scheduled(sla_app, redis_app, fresh_redis_url, clock_at, make_user):
    _late_month(clock_at, make_user)
    store = redis.Redis.from_url(fresh_redis_url)
    keys = sorted(store.keys())
    scheduled = {
        k: store.zrange(k, 0, -1, withscores=True) for k in keys if store.type(k) == b"zset"
    }
    _run(sla_app)
    db.session.commit()
    assert sorted(store.keys()) == keys
    assert {k: store.zrange(k, 0, -1, withscores=True) for k in scheduled} == scheduled


@pytest.mark.parametrize("backend", ["postgresql"])
def test_while_a_batch_runs_the_live_clocks_and_records_are_not_locked(
    sla_app, clock_at, make_user, monkeypatch, backend
):
    """On PostgreSQL, live work goes on beside a backtest: the records and their real clocks
    are never locked by it (the draft deactivating the policy ends none of them either)."""
    from sqlalchemy import text

    from plugins.sla.backtest import draft as draft_module

    _late_month(clock_at, make_user)
    inside, go = threading.Event(), threading.Event()
    real_replay = draft_module.replay

    def paused_replay(*args, **kwargs):
        inside.set()
        assert go.wait(timeout=30)
        return real_replay(*args, **kwargs)

    monkeypatch.setattr(draft_module, "replay", paused_replay)
    policy_id = db.session.execute(db.select(Policy.id)).scalar_one()
    quiet = {**_loud_draft(), "active": False}
    period, _ = read_period("2026-11-01", "2026-11-30", None, VN)
    failures = []

    def run() -> None:
        with sla_app.app_context():
            try:
                entity = sla_app.extensions["nhip"].entities.get("desk.request")
                backtest(entity, Draft({"policies": [quiet]}, quiet["name"], policy_id), period)
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(exc)
            finally:
                inside.set()
                db.session.remove()

    worker = threading.Thread(target=run)
    worker.start()
    try:
        assert inside.wait(timeout=30)
        with db.engine.connect() as other:
            for table in ("sla_clock", "desk_request"):
                rows = other.execute(text(f"SELECT id FROM {table} FOR UPDATE NOWAIT")).all()
                assert len(rows) == 4, table
            other.rollback()
    finally:
        go.set()
        worker.join(timeout=60)
    assert not failures
