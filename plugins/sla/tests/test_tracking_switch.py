"""Switching tracking off and deactivating a policy end the running and paused clocks at once
(after a confirmation saying how many), say why on the timeline, and take their escalation
jobs off the queue; switching tracking on again leaves the cancelled clocks cancelled."""

from __future__ import annotations

import pytest
from flask import g

from core.db import db, utcnow
from core.queue.embedded import state_of
from plugins.sla.config_store import apply
from plugins.sla.escalation.job import fire_due
from plugins.sla.escalation.schedule import job_id
from plugins.sla.models import Escalation, Policy
from plugins.sla.switches import is_tracked, set_tracking
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.excuse_support import RESOLVE, RESPOND
from plugins.sla.tests.helpers import clocks_of, events_of, move, new_request

POLICY = desk_policy(targets=[RESPOND, RESOLVE])


@pytest.fixture
def desk(sla_app, clock_at, make_user):
    """Three requests: one new (Respond and Resolve running), one waiting (Respond met,
    Resolve paused), one done (both met)."""
    configure(POLICY)
    admin = make_user("admin@example.com", roles=["admin"], name="Admin")
    clock_at("2026-12-07T09:00")
    running, waiting, done = (new_request(subject=s) for s in ("Running", "Waiting", "Done"))
    move(waiting, "open")
    move(waiting, "waiting")
    move(done, "done")
    return {"running": running, "waiting": waiting, "done": done, "admin": admin}


def _states(record) -> dict[str, str]:
    db.session.expire_all()
    return {name: clock.state for name, clock in clocks_of(record).items()}


def _as(client, login, user_id) -> None:
    g.pop("nhip_permissions", None)
    g.pop("_login_user", None)
    login(client, user_id)


def test_switching_off_asks_first_saying_how_many(desk, client, login):
    _as(client, login, desk["admin"])
    asked = client.post("/sla/switches", data={"entity": "desk.request", "enabled": "0"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "3 running or paused clocks of Requests are cancelled now" in page
    assert 'name="confirm" value="1"' in page and 'name="csrf_token"' in page
    assert is_tracked("desk.request")
    assert _states(desk["running"]) == {"Respond": "running", "Resolve": "running"}


def test_switching_off_cancels_running_and_paused_clocks_at_once(desk, client, login, clock_at):
    clock_at("2026-12-07T10:00")
    _as(client, login, desk["admin"])
    answer = client.post(
        "/sla/switches",
        data={"entity": "desk.request", "enabled": "0", "confirm": "1"},
        follow_redirects=True,
    )
    assert "SLA tracking is off for Requests; 3 running clocks were cancelled." in (
        answer.get_data(as_text=True)
    )
    assert _states(desk["running"]) == {"Respond": "cancelled", "Resolve": "cancelled"}
    assert _states(desk["waiting"]) == {"Respond": "met", "Resolve": "cancelled"}
    assert _states(desk["done"]) == {"Respond": "met", "Resolve": "met"}
    last = events_of(desk["waiting"])[-1]
    assert (last.kind, last.data["cause"], last.actor_id) == (
        "cancelled",
        "tracking_off",
        desk["admin"],
    )
    page = client.get(f"/r/desk.request/{desk['running'].id}").get_data(as_text=True)
    assert "Cancelled: SLA tracking switched off" in page


def test_the_cancelled_clocks_escalations_no_longer_fire(desk, clock_at, sla_app):
    resolve = clocks_of(desk["running"])["Resolve"]
    assert job_id(resolve.id) in state_of(sla_app).scheduled
    set_tracking("desk.request", False)
    db.session.commit()
    assert job_id(resolve.id) not in state_of(sla_app).scheduled
    clock_at("2026-12-08T17:00")  # long past the Resolve breach
    assert fire_due(resolve.id, utcnow()) == 0  # a stale job that runs anyway fires nothing
    db.session.commit()
    assert db.session.execute(db.select(Escalation)).first() is None


def test_switching_on_again_leaves_the_cancelled_clocks_cancelled(desk, client, login):
    set_tracking("desk.request", False)
    set_tracking("desk.request", True)
    db.session.commit()
    assert _states(desk["running"]) == {"Respond": "cancelled", "Resolve": "cancelled"}
    _as(client, login, desk["admin"])
    page = client.get("/sla/").get_data(as_text=True)
    assert "Give the" not in page  # they have clocks: no backfill is offered
    move(desk["waiting"], "open")  # not a start state: nothing starts
    assert _states(desk["waiting"]) == {"Respond": "met", "Resolve": "cancelled"}


def test_nhip_sla_disable_says_how_many(desk, sla_app):
    result = sla_app.test_cli_runner().invoke(args=["sla", "disable", "desk.request"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "SLA tracking off for desk.request",
        "3 running clock(s) cancelled",
    ]
    assert _states(desk["running"]) == {"Respond": "cancelled", "Resolve": "cancelled"}


def _form(**changes) -> dict:
    values = {
        "name": "Desk standard",
        "entity": "desk.request",
        "order": "100",
        "calendar": "VN office",
        "on_change": "carry_over",
        "conditions": "{}",
        "targets": __import__("json").dumps([RESPOND, RESOLVE]),
        "active": "1",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def test_deactivating_a_policy_asks_then_cancels_its_clocks(desk, client, login, clock_at):
    policy = db.session.execute(db.select(Policy)).scalar_one()
    _as(client, login, desk["admin"])
    path = f"/sla/policies/{policy.id}/edit"
    asked = client.post(path, data=_form(active=None))
    page = asked.get_data(as_text=True)
    assert "Deactivate policy Desk standard?" in page
    assert "3 running or paused clocks of this policy are cancelled now" in page
    assert 'name="confirm_deactivate" value="1"' in page
    db.session.expire_all()
    assert db.session.get(Policy, policy.id).active
    clock_at("2026-12-07T10:00")
    done = client.post(path, data=_form(active=None, confirm_deactivate="1"), follow_redirects=True)
    assert "Policy Desk standard is deactivated: 3 running clocks were cancelled." in (
        done.get_data(as_text=True)
    )
    assert _states(desk["running"]) == {"Respond": "cancelled", "Resolve": "cancelled"}
    assert _states(desk["done"]) == {"Respond": "met", "Resolve": "met"}
    page = client.get(f"/r/desk.request/{desk['running'].id}").get_data(as_text=True)
    assert "Cancelled: policy Desk standard deactivated" in page


def test_saving_a_policy_without_deactivating_it_asks_nothing(desk, client, login):
    policy = db.session.execute(db.select(Policy)).scalar_one()
    _as(client, login, desk["admin"])
    saved = client.post(f"/sla/policies/{policy.id}/edit", data=_form(order="50"))
    assert saved.status_code == 302
    assert _states(desk["running"]) == {"Respond": "running", "Resolve": "running"}


def test_an_imported_file_deactivating_a_policy_cancels_its_clocks(desk):
    report = apply({"policies": [{**POLICY, "active": False}]})
    assert report["ended"] == [("Desk standard", 3)]
    assert _states(desk["waiting"]) == {"Respond": "met", "Resolve": "cancelled"}
    assert apply({"policies": [{**POLICY, "active": False}]})["ended"] == []


def _switch_row_off_only() -> None:
    """Tracking off as a racing change of a record sees it: the switch row is off, yet a clock
    started beside the switch-off still runs."""
    from plugins.sla.models import ModuleSwitch

    db.session.get(ModuleSwitch, "desk.request").enabled = False
    db.session.commit()


@pytest.mark.parametrize("how", ["tracking", "policy"])
def test_a_clock_that_escaped_the_switch_off_is_cancelled_when_its_level_is_due(
    desk, clock_at, how
):
    resolve = clocks_of(desk["running"])["Resolve"]
    if how == "tracking":
        _switch_row_off_only()
    else:
        db.session.execute(db.select(Policy)).scalar_one().active = False
        db.session.commit()
    clock_at("2026-12-08T17:00")
    assert fire_due(resolve.id, utcnow()) == 0
    db.session.commit()
    db.session.expire_all()
    assert clocks_of(desk["running"])["Resolve"].state == "cancelled"
    assert db.session.execute(db.select(Escalation)).first() is None
    cause = events_of(desk["running"])[-1].data["cause"]
    assert cause == ("tracking_off" if how == "tracking" else "deactivated")
