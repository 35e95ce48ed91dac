"""The ``raise_priority`` action: the record's priority is raised through the service
functions, so the record's rules and the SLA's retargeting run; never lowered."""

from __future__ import annotations

import pytest

from core.db import db
from core.models import AuditEntry
from plugins.sla.escalation.context import DONE, FAILED
from plugins.sla.tests.action_support import context_for, run
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, new_request

URGENT = desk_policy(
    name="Urgent requests",
    order=10,
    conditions={"all": [{"field": "priority", "op": "eq", "value": "urgent"}]},
    targets=[
        {"name": "Resolve", "start": ["created"], "stop": ["done"], "minutes": 480},
    ],
)


@pytest.fixture
def late_request(sla_app, clock_at):
    configure(URGENT, desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request(priority="normal")
    clock_at("2026-12-07T15:30")
    return request


def test_the_priority_is_raised_and_audited(late_request):
    (outcome,) = run(context_for(late_request), {"type": "raise_priority", "value": "high"})
    assert outcome.status == DONE
    assert outcome.detail == {"field": "priority", "value": "high", "from": "normal"}
    assert late_request.priority == "high"
    entry = db.session.execute(
        db.select(AuditEntry).where(
            AuditEntry.record_id == late_request.id, AuditEntry.kind == "updated"
        )
    ).scalar_one()
    assert entry.changes == {"priority": ["normal", "high"]}


def test_a_priority_a_policy_depends_on_retargets_the_clocks(late_request):
    assert clocks_of(late_request)["Resolve"].goal_minutes == 240
    run(context_for(late_request), {"type": "raise_priority", "value": "urgent"})
    db.session.commit()
    resolve = clocks_of(late_request)["Resolve"]
    assert resolve.goal_minutes == 480
    assert resolve.policy_version.policy.name == "Urgent requests"


def test_a_priority_already_set_is_left_unchanged(late_request):
    (outcome,) = run(context_for(late_request), {"type": "raise_priority", "value": "normal"})
    assert outcome.status == DONE and outcome.detail["unchanged"] is True


def test_a_higher_priority_is_never_lowered(late_request):
    late_request.priority = "urgent"
    db.session.flush()
    (outcome,) = run(context_for(late_request), {"type": "raise_priority", "value": "high"})
    assert outcome.status == DONE
    assert outcome.detail == {
        "field": "priority",
        "value": "high",
        "unchanged": True,
        "current": "urgent",
    }
    assert late_request.priority == "urgent"


def test_another_field_can_be_named(late_request):
    (outcome,) = run(
        context_for(late_request), {"type": "raise_priority", "field": "tier", "value": "vip"}
    )
    assert outcome.status == DONE
    assert late_request.tier == "vip"


def test_a_field_the_record_lacks_fails(late_request):
    (outcome,) = run(
        context_for(late_request), {"type": "raise_priority", "field": "severity", "value": "p1"}
    )
    assert outcome.status == FAILED
    assert outcome.error == "desk.request has no field 'severity'"


def test_a_value_the_field_refuses_fails_and_changes_nothing(late_request):
    outcomes = run(
        context_for(late_request),
        {"type": "raise_priority", "value": "apocalyptic"},
        {"type": "raise_priority", "value": "high"},
    )
    assert outcomes[0].status == FAILED and "priority" in outcomes[0].error
    assert outcomes[1].status == DONE  # the level's next action still runs
    assert late_request.priority == "high"
