"""The SLA fixtures of Nhịp's pytest plugin (``plugins.sla.testing``, entry point
``nhip_sla``): tracking switched on, a policy loaded as ``nhip sla import`` reads it, a
record's clock and badge, due escalations run, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from core.records import get_record, transition
from plugins.sla.testing import ALWAYS

TICKET = "crm.ticket"
POLICY = {
    "calendars": [ALWAYS],
    "policies": [
        {
            "name": "Tickets",
            "entity": TICKET,
            "order": 10,
            "calendar": "Always",
            "targets": [
                {
                    "name": "Resolve",
                    "start": ["created"],
                    "stop": ["resolved", "closed"],
                    "minutes": 60,
                    "warn": [80],
                    "escalations": [
                        {"at": 100, "actions": [{"type": "notify", "to": ["responsible"]}]}
                    ],
                }
            ],
        }
    ],
}


def test_a_tracked_record_gets_a_clock_a_badge_and_its_escalation(
    app,
    clock,
    sla_track,
    sla_load,
    make_record,
    make_user,
    sla_clocks,
    sla_badges,
    run_due_escalations,
):
    clock.set("2026-12-01 09:00")
    sla_track(TICKET)
    assert sla_load(POLICY)["created"] == ["calendar Always", "policy Tickets"]
    agent = make_user("agent@example.com", roles=["support"])
    ticket = make_record(TICKET, subject="Máy in hỏng", assignee_id=agent)
    assert sla_clocks(TICKET, ticket) == {"Resolve": "running"}
    assert sla_badges(TICKET, ticket) == ["Resolve: 1h left"]
    assert run_due_escalations().fired == 0
    clock.advance(minutes=61)
    assert sla_badges(TICKET, ticket) == ["Resolve: breached 1m ago"]
    report = run_due_escalations()
    assert (report.due, report.fired, report.failed) == (1, 1, 0)
    assert run_due_escalations().fired == 0  # each level fires once
    with app.app_context():
        transition(TICKET, get_record(TICKET, ticket.id), "resolved")
    assert sla_clocks(TICKET, ticket) == {"Resolve": "met_late"}


def test_a_record_type_not_tracked_gets_no_clock(sla_load, make_record, sla_clocks):
    sla_load(POLICY)
    ticket = make_record(TICKET)
    assert sla_clocks(TICKET, ticket) == {}


def test_sla_load_reads_json_text_and_files(sla_load, tmp_path):
    path = tmp_path / "sla.json"
    path.write_text(json.dumps(POLICY), encoding="utf-8")
    assert sla_load(path)["created"] == ["calendar Always", "policy Tickets"]
    assert sla_load(json.dumps(POLICY))["unchanged"] == ["calendar Always", "policy Tickets"]


def test_a_document_with_problems_fails_the_test_naming_them(sla_load):
    broken = {"policies": [{**POLICY["policies"][0], "calendar": "Nowhere"}]}
    with pytest.raises(pytest.fail.Exception, match="policies\\[0\\].calendar"):
        sla_load(broken)


def test_sla_track_refuses_a_type_sla_cannot_track(sla_track):
    with pytest.raises(pytest.fail.Exception, match="not a record type SLA can track"):
        sla_track("nowhere.thing")
