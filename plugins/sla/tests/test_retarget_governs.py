"""After a retarget the new policy governs the record, even beside a met clock of the old one."""

from __future__ import annotations

from core import records
from plugins.sla.models.clock import MET, PAUSED
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, events_of, move, new_request

STANDARD_TARGETS = [
    {"name": "Respond", "start": ["created"], "stop": ["open", "done"], "minutes": 60},
    {"name": "Resolve", "start": ["created"], "stop": ["done"], "minutes": 240},
]


def _policies() -> list[dict]:
    """Standard never pauses Resolve; VIP pauses it while waiting for the customer."""
    vip_targets = [
        {**STANDARD_TARGETS[0], "minutes": 30},
        {**STANDARD_TARGETS[1], "minutes": 120, "pause": ["waiting"]},
    ]
    vip = desk_policy(
        "Desk VIP",
        order=10,
        targets=vip_targets,
        conditions={"all": [{"field": "tier", "op": "eq", "value": "vip"}]},
    )
    return [desk_policy("Standard", targets=STANDARD_TARGETS), vip]


def _retargeted_after_respond_was_met(clock_at):
    """A standard request whose Respond was met, then made VIP: Respond stays met under
    Standard, Resolve runs under VIP."""
    configure(*_policies())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:10")
    move(request, "open")
    clock_at("2026-12-07T09:20")
    records.update("desk.request", request, {"tier": "vip"})
    clocks = clocks_of(request)
    assert clocks["Respond"].state == MET
    assert clocks["Resolve"].policy_version.policy.name == "Desk VIP"
    return request


def test_an_unrelated_edit_after_a_retarget_does_not_retarget_again(sla_app, clock_at):
    request = _retargeted_after_respond_was_met(clock_at)
    before = [(e.kind, e.reason) for e in events_of(request)]
    clock_at("2026-12-07T09:30")
    records.update("desk.request", request, {"subject": "Printer still on fire"})
    assert [(e.kind, e.reason) for e in events_of(request)] == before


def test_after_a_retarget_pauses_follow_the_new_policy(sla_app, clock_at):
    request = _retargeted_after_respond_was_met(clock_at)
    clock_at("2026-12-07T09:30")
    move(request, "waiting")
    resolve = clocks_of(request)["Resolve"]
    assert resolve.state == PAUSED
    assert resolve.spent_minutes == 30
