"""Giving open records their clocks after tracking is switched on or a policy added: the
tracking page's button (with a confirmation saying how many) and ``nhip sla backfill``."""

from __future__ import annotations

import json

import pytest
from flask import g

from core.db import db
from plugins.sla.models import Escalation
from plugins.sla.switches import set_tracking
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.excuse_support import RESOLVE, RESPOND
from plugins.sla.tests.helpers import clocks_of, local, move, new_request

POLICY = desk_policy(targets=[RESPOND, RESOLVE])


@pytest.fixture
def untracked(sla_app, clock_at, make_user):
    """The policy, tracking off, and four requests made Monday 09:00: two new, one open,
    one cancelled (a final state); now is Tuesday 10:00, Resolve long breached."""
    configure(POLICY, track=False)
    admin = make_user("admin@example.com", roles=["admin"], name="Admin")
    clock_at("2026-12-07T09:00")
    made = [new_request(subject=f"Request {n}") for n in range(4)]
    clock_at("2026-12-07T09:30")
    move(made[2], "open")
    move(made[3], "cancelled")
    clock_at("2026-12-08T10:00")
    return {"records": made, "admin": admin}


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["sla", *args])


def test_backfill_gives_open_records_their_clocks_as_if_always_tracked(untracked, sla_app):
    set_tracking("desk.request", True)
    db.session.commit()
    result = _cli(sla_app, "backfill", "desk.request")
    assert result.exit_code == 0, result.output
    assert result.output == "3 of 3 open record(s) without clocks got their clocks\n"
    new, _, opened, cancelled = untracked["records"]
    states = {name: c.state for name, c in clocks_of(new).items()}
    assert states == {"Respond": "running", "Resolve": "running"}
    assert local(clocks_of(new)["Resolve"].deadline) == "2026-12-07 10:00"  # as if tracked
    assert {n: c.state for n, c in clocks_of(opened).items()} == {
        "Respond": "met",
        "Resolve": "running",
    }
    assert clocks_of(cancelled) == {}  # a final state is left alone
    assert db.session.execute(db.select(Escalation)).first() is None  # passed levels skipped
    again = _cli(sla_app, "backfill", "desk.request")
    assert again.output == "0 of 0 open record(s) without clocks got their clocks\n"


def test_backfill_refuses_an_unknown_or_untracked_type(untracked, sla_app):
    unknown = _cli(sla_app, "backfill", "desk.nothing")
    assert unknown.exit_code == 1
    assert "unknown entity type 'desk.nothing'; see `nhip sla modules`" in unknown.output
    off = _cli(sla_app, "backfill", "desk.request")
    assert off.exit_code == 1
    assert "SLA tracking is off for desk.request; switch it on first" in off.output
    assert clocks_of(untracked["records"][0]) == {}


def test_enable_says_how_many_open_records_have_no_clock(untracked, sla_app):
    result = _cli(sla_app, "enable", "desk.request")
    assert result.output.splitlines() == [
        "SLA tracking on for desk.request",
        "3 open record(s) have no clock: `nhip sla backfill desk.request` gives them",
    ]


def _as(client, login, user_id) -> None:
    g.pop("nhip_permissions", None)
    g.pop("_login_user", None)
    login(client, user_id)


def test_the_tracking_page_offers_the_backfill_and_confirms_first(untracked, client, login):
    _as(client, login, untracked["admin"])
    client.post("/sla/switches", data={"entity": "desk.request", "enabled": "1"})
    page = client.get("/sla/").get_data(as_text=True)
    assert "Give the 3 open records their clocks" in page
    asked = client.post("/sla/backfill", data={"entity": "desk.request"})
    text = asked.get_data(as_text=True)
    assert "3 open records have no clock." in text
    assert 'name="confirm" value="1"' in text
    assert clocks_of(untracked["records"][0]) == {}
    done = client.post(
        "/sla/backfill", data={"entity": "desk.request", "confirm": "1"}, follow_redirects=True
    )
    text = done.get_data(as_text=True)
    assert "3 of 3 open records got their clocks." in text
    assert "Give the" not in text
    assert set(clocks_of(untracked["records"][1])) == {"Respond", "Resolve"}


def test_the_backfill_page_refuses_an_untracked_or_unknown_type(untracked, client, login):
    _as(client, login, untracked["admin"])
    off = client.post(
        "/sla/backfill", data={"entity": "desk.request", "confirm": "1"}, follow_redirects=True
    )
    assert "SLA tracking is off for Requests." in off.get_data(as_text=True)
    unknown = client.post("/sla/backfill", data={"entity": "x.y"}, follow_redirects=True)
    assert "Unknown record type x.y." in unknown.get_data(as_text=True)
    assert clocks_of(untracked["records"][0]) == {}


def test_the_backfill_needs_sla_admin(untracked, client, login, make_user):
    agent = make_user("agent@example.com", roles=["employee", "desk_agent"])
    _as(client, login, agent)
    assert client.post("/sla/backfill", data={"entity": "desk.request"}).status_code == 403


def test_adding_a_policy_offers_the_backfill(sla_app, clock_at, make_user, client, login):
    configure()  # the calendars, tracking on, no policy
    admin = make_user("admin@example.com", roles=["admin"])
    clock_at("2026-12-07T09:00")
    new_request()
    new_request()
    _as(client, login, admin)
    form = {
        "name": "Desk standard",
        "entity": "desk.request",
        "order": "100",
        "calendar": "VN office",
        "on_change": "carry_over",
        "conditions": "{}",
        "targets": json.dumps([RESPOND, RESOLVE]),
        "active": "1",
    }
    saved = client.post("/sla/policies/new", data=form, follow_redirects=True)
    assert (
        "2 open records of Requests have no clock: give them their clocks on the SLA tracking page."
        in (saved.get_data(as_text=True))
    )
