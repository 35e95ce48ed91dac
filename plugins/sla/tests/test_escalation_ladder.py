"""The escalation ladder fired by its job, in-process: each level once per cycle, at the instant
the clock reaches it, only while the clock runs."""

from __future__ import annotations

import threading

import pytest

from core import records
from core.db import db
from plugins.sla.escalation.job import fire
from plugins.sla.escalation.sweep import sweep
from plugins.sla.models import Escalation
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import AGENT, clocks_of, events_of, local, move, new_request

LADDER = [
    {"at": 50, "actions": [{"type": "notify", "to": ["responsible"]}]},
    {"at": 90, "actions": [{"type": "notify", "to": ["responsible"]}]},
    {"at": 150, "actions": [{"type": "incident", "severity": "major"}]},
]


def _policy(escalations=None, **target):
    return desk_policy(
        targets=[
            {
                "name": "Resolve",
                "start": ["created"],
                "pause": ["waiting"],
                "stop": ["done"],
                "cancel": ["cancelled"],
                "minutes": 120,
                "warn": [80],
                "escalations": LADDER if escalations is None else escalations,
                **target,
            }
        ]
    )


def _fired(request) -> list[float]:
    rows = db.session.execute(
        db.select(Escalation.percent)
        .where(Escalation.entity == "desk.request", Escalation.record_id == request.id)
        .order_by(Escalation.percent)
    ).scalars()
    return list(rows)


def _resolve(request):
    return clocks_of(request)["Resolve"]


def test_the_next_due_instant_is_the_first_level_not_the_warning(sla_app, clock_at):
    configure(_policy())
    clock_at("2026-12-07T09:00")  # a Monday; 120 working minutes → 11:00
    clock = _resolve(new_request())
    assert local(clock.warn_at) == "2026-12-07 10:36"
    assert local(clock.next_due_at) == "2026-12-07 10:00"


def test_a_level_fires_at_its_instant_and_not_a_second_before(sla_app, clock_at):
    configure(_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_id = _resolve(request).id
    clock_at("2026-12-07T09:59:59")
    assert fire(clock_id) == 0
    assert _fired(request) == []
    clock_at("2026-12-07T10:00")
    assert fire(clock_id) == 1
    assert _fired(request) == [50]
    assert local(_resolve(request).next_due_at) == "2026-12-07 10:48"


def test_a_level_fires_once_however_often_its_job_runs(sla_app, clock_at):
    configure(_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_id = _resolve(request).id
    clock_at("2026-12-07T10:05")
    assert [fire(clock_id) for _ in range(3)] == [1, 0, 0]
    assert _fired(request) == [50]


def test_a_late_job_fires_every_level_passed_in_order(sla_app, clock_at):
    configure(_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T15:00")  # 270 working minutes: past 50, 90, 100 and 150 %
    assert fire(_resolve(request).id) == 4
    assert _fired(request) == [50, 90, 100, 150]
    assert _resolve(request).next_due_at is None


def test_reaching_the_goal_marks_the_breach_at_the_deadline(sla_app, clock_at):
    configure(_policy(escalations=[]))
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T11:00:30")
    fire(_resolve(request).id)
    clock = _resolve(request)
    assert local(clock.breached_at) == "2026-12-07 11:00"
    breach = db.session.execute(db.select(Escalation)).scalar_one()
    assert breach.percent == 100
    assert [o["type"] for o in breach.outcomes] == ["notify"]  # told even with no level there


def test_a_paused_clock_fires_nothing_and_its_level_waits_for_working_time(sla_app, clock_at):
    configure(_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_id = _resolve(request).id
    clock_at("2026-12-07T09:40")
    move(request, "open")
    move(request, "waiting")
    clock_at("2026-12-07T10:30")
    assert fire(clock_id) == 0
    assert _fired(request) == []
    clock_at("2026-12-07T11:50")  # resumed with 40 minutes used: 50 % is 20 working minutes on
    move(request, "open")
    assert local(_resolve(request).next_due_at) == "2026-12-07 13:40"  # lunch 12:00-13:30
    clock_at("2026-12-07T13:39")
    assert fire(clock_id) == 0
    clock_at("2026-12-07T13:40")
    assert fire(clock_id) == 1


def test_a_met_clock_never_fires(sla_app, clock_at):
    configure(_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_id = _resolve(request).id
    move(request, "done")
    clock_at("2026-12-08T09:00")
    assert fire(clock_id) == 0
    assert _fired(request) == []


def test_each_cycle_has_its_own_ladder(sla_app, clock_at):
    configure(
        _policy(escalations=[{"at": 50, "actions": [{"type": "notify", "to": ["responsible"]}]}])
    )
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:00")
    fire(_resolve(request).id)
    move(request, "open")
    move(request, "done")
    move(request, "open")  # reopened: cycle 2
    clock = _resolve(request)
    assert clock.cycle == 2
    clock_at("2026-12-07T11:00")
    assert fire(clock.id) == 1
    cycles = db.session.execute(db.select(Escalation.cycle).order_by(Escalation.id)).scalars()
    assert list(cycles) == [1, 2]


def _vip(on_change: str) -> dict:
    """A second policy for VIP requests: the same Resolve goal and ladder."""
    return {
        **_policy(),
        "name": "Desk VIP",
        "order": 10,
        "on_change": on_change,
        "conditions": {"all": [{"field": "tier", "op": "eq", "value": "vip"}]},
    }


def test_a_carried_over_clock_does_not_fire_its_levels_again(sla_app, clock_at):
    configure(_policy(), _vip("carry_over"))
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:05")
    fire(_resolve(request).id)  # 50 % fired under the first policy
    records.update("desk.request", request, {"tier": "vip"})
    clock = _resolve(request)
    assert clock.policy_version.policy.name == "Desk VIP"
    assert local(clock.next_due_at) == "2026-12-07 10:48"  # 90 %, not 50 % again
    assert fire(clock.id) == 0
    assert _fired(request) == [50]


def test_a_restarted_clock_climbs_its_ladder_afresh(sla_app, clock_at):
    configure(_policy(), _vip("restart"))
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:05")
    fire(_resolve(request).id)
    records.update("desk.request", request, {"tier": "vip"})
    clock = _resolve(request)
    assert local(clock.next_due_at) == "2026-12-07 11:05"
    clock_at("2026-12-07T11:05")
    assert fire(clock.id) == 1
    assert _fired(request) == [50, 50]


def test_the_timeline_tells_each_firing(sla_app, clock_at):
    configure(_policy(escalations=[]))
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T11:01")
    fire(_resolve(request).id)
    escalated = [e for e in events_of(request) if e.kind == "escalated"]
    assert [(e.data["cause"], e.data["percent"]) for e in escalated] == [("breach", 100)]


def test_the_sweep_fires_every_due_clock_once(sla_app, clock_at):
    configure(_policy())
    clock_at("2026-12-07T09:00")
    first, second = new_request(), new_request()
    clock_at("2026-12-07T10:50")
    report = sweep()
    assert (report.due, report.fired) == (2, 4)
    assert sweep().fired == 0
    assert _fired(first) == _fired(second) == [50, 90]


def test_concurrent_jobs_fire_a_level_once(app, backend, clock_at):
    with app.app_context():
        configure(_policy())
        clock_at("2026-12-07T09:00")
        request = new_request()
        clock_id = _resolve(request).id
        db.session.remove()
    clock_at("2026-12-07T10:55")
    results, errors = [], []
    start = threading.Barrier(4)

    def worker():
        with app.app_context():
            start.wait()
            try:
                results.append(fire(clock_id))
            except Exception as exc:  # noqa: BLE001 - a loser may be refused by the database
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(results) == 2, (results, errors)
    with app.app_context():
        assert _fired(request) == [50, 90]


@pytest.mark.parametrize("percent", [0, -5])
def test_levels_must_sit_above_zero(sla_app, percent):
    from plugins.sla.config_store import ConfigError

    with pytest.raises(ConfigError, match="at"):
        configure(_policy(escalations=[{"at": percent, "actions": []}]))


def test_a_level_and_a_person_changing_the_record_at_once_both_go_through(
    app, backend, make_user, clock_at
):
    """The job locks the record before its clock, as people's changes do: neither waits on
    the other in a deadlock, whichever comes first."""
    from core import records

    owner, boss = (
        make_user("lan@example.com", roles=AGENT),
        make_user("minh@example.com", roles=AGENT),
    )
    reassign = {"type": "reassign", "to": "user:minh@example.com"}
    with app.app_context():
        configure(_policy(escalations=[{"at": 50, "actions": [reassign]}]))
        clock_at("2026-12-07T09:00")
        ids = [(r.id, _resolve(r).id) for r in (new_request(owner_id=owner) for _ in range(4))]
        db.session.remove()
    clock_at("2026-12-07T10:05")
    errors: list[Exception] = []

    def level(clock_id):
        with app.app_context():
            start.wait()
            try:
                fire(clock_id)
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)
            finally:
                db.session.remove()

    def person(record_id):
        with app.app_context():
            start.wait()
            try:
                request = records.get_record("desk.request", record_id)
                records.transition("desk.request", request, "open", actor_id=owner)
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)
            finally:
                db.session.remove()

    for record_id, clock_id in ids:
        start = threading.Barrier(2)
        threads = [
            threading.Thread(target=level, args=(clock_id,)),
            threading.Thread(target=person, args=(record_id,)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert errors == []
    with app.app_context():
        desk = app.extensions["nhip"].entities.get("desk.request").model
        owners = db.session.execute(db.select(desk.owner_id)).scalars().all()
        assert owners == [boss] * len(ids)


def test_the_sweep_passes_over_clocks_it_cannot_fire_without_starving(sla_app, clock_at):
    """A record gone leaves its clock with nothing due; a disabled plugin's clocks wait outside
    the sweep's batch instead of filling it."""
    from core.plugin_states import set_enabled, sync

    configure(_policy())
    clock_at("2026-12-07T09:00")
    gone, kept = new_request(), new_request()
    gone_clock = _resolve(gone).id
    db.session.delete(gone)
    db.session.commit()
    clock_at("2026-12-07T10:05")
    assert sweep().fired == 1  # the kept request's 50 % level
    assert db.session.get(type(_resolve(kept)), gone_clock).next_due_at is None
    assert sweep().due == 0
    set_enabled({"desk"}, False)
    sync(sla_app)
    clock_at("2026-12-07T11:00")
    assert sweep().due == 0
    assert _fired(kept) == [50]
