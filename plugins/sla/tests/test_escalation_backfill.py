"""Levels passed before tracking began: skipped when tracking is switched on, replayed (dated
when reached, told to nobody now) in the demo's history."""

from __future__ import annotations

from core.db import db
from core.models import Notification
from plugins.sla.backfill import backfill
from plugins.sla.escalation.job import fire
from plugins.sla.models import Escalation
from plugins.sla.switches import set_tracking
from plugins.sla.tests.conftest import configure
from plugins.sla.tests.helpers import AGENT, clocks_of, local, new_request
from plugins.sla.tests.test_escalation_ladder import _fired, _policy


def _untracked_request(make_user, clock_at):
    owner = make_user("lan@example.com", roles=AGENT)
    configure(_policy(), track=False)
    clock_at("2026-12-07T09:00")
    request = new_request(owner_id=owner)
    clock_at("2026-12-07T10:50")  # 50 % (10:00) and 90 % (10:48) passed; 100 % at 11:00
    set_tracking("desk.request", True)
    db.session.commit()
    return request, owner


def _desk(app):
    return app.extensions["nhip"].entities.get("desk.request")


def test_switching_tracking_on_skips_the_levels_already_passed(sla_app, make_user, clock_at):
    request, owner = _untracked_request(make_user, clock_at)
    backfill(_desk(sla_app))
    db.session.commit()
    clock = clocks_of(request)["Resolve"]
    assert clock.fired_percent == 90
    assert local(clock.next_due_at) == "2026-12-07 11:00"
    assert fire(clock.id) == 0
    assert _fired(request) == []
    clock_at("2026-12-07T11:00")
    assert fire(clock.id) == 1
    assert _fired(request) == [100]


def test_a_replayed_history_fires_its_levels_dated_when_reached_and_tells_nobody_now(
    sla_app, make_user, clock_at
):
    request, owner = _untracked_request(make_user, clock_at)
    backfill(_desk(sla_app), escalate=True)
    db.session.commit()
    rows = db.session.execute(db.select(Escalation).order_by(Escalation.percent)).scalars().all()
    assert [(r.percent, local(r.fired_at)) for r in rows] == [
        (50, "2026-12-07 10:00"),
        (90, "2026-12-07 10:48"),
    ]
    told = db.session.execute(db.select(Notification)).scalars().all()
    assert len(told) == 2
    assert all(n.read_at == n.created_at for n in told)
    assert sorted(local(n.created_at) for n in told) == ["2026-12-07 10:00", "2026-12-07 10:48"]
