"""What happens to running clocks when the policy that applies changes, a record is reopened,
or a policy is edited."""

from __future__ import annotations

from core import records
from plugins.sla.config_store import apply
from plugins.sla.models.clock import CANCELLED, MET, RUNNING
from plugins.sla.tests.conftest import ALWAYS, OFFICE, configure, desk_policy
from plugins.sla.tests.helpers import all_clocks, clocks_of, events_of, move, new_request

VIP_TARGETS = [
    {
        "name": "Resolve",
        "start": ["created"],
        "pause": ["waiting"],
        "stop": ["done"],
        "cancel": ["cancelled"],
        "minutes": 120,
    },
]


def _vip(on_change: str) -> dict:
    return desk_policy(
        "Desk VIP",
        order=10,
        on_change=on_change,
        targets=VIP_TARGETS,
        conditions={"all": [{"field": "tier", "op": "eq", "value": "vip"}]},
    )


def test_carry_over_keeps_the_working_time_already_spent(sla_app, clock_at):
    configure(desk_policy("Standard"), _vip("carry_over"))
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:20")
    records.update("desk.request", request, {"tier": "vip"})
    resolve = clocks_of(request)["Resolve"]
    assert resolve.state == RUNNING
    assert resolve.goal_minutes == 120
    assert resolve.spent_minutes == 80
    assert resolve.policy_version.policy.name == "Desk VIP"
    reasons = [e.reason for e in events_of(request)]
    assert "retargeted: policy Standard → Desk VIP, 1h20m carried over" in reasons


def test_restart_starts_the_new_policy_from_zero(sla_app, clock_at):
    configure(desk_policy("Standard"), _vip("restart"))
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:20")
    records.update("desk.request", request, {"tier": "vip"})
    resolve = clocks_of(request)["Resolve"]
    assert resolve.spent_minutes == 0
    assert "restarted: policy Standard → Desk VIP" in [e.reason for e in events_of(request)]


def test_a_target_the_new_policy_lacks_is_cancelled(sla_app, clock_at):
    configure(desk_policy("Standard"), _vip("carry_over"))
    clock_at("2026-12-07T09:00")
    request = new_request()
    records.update("desk.request", request, {"tier": "vip"})
    respond = [c for c in all_clocks(request) if c.target_name == "Respond"]
    assert [c.state for c in respond] == [CANCELLED]


def test_changing_an_unrelated_field_keeps_the_clocks(sla_app, clock_at):
    configure(desk_policy("Standard"), _vip("restart"))
    clock_at("2026-12-07T09:00")
    request = new_request()
    before = {c.id for c in all_clocks(request)}
    records.update("desk.request", request, {"amount": 5})
    assert {c.id for c in all_clocks(request)} == before


def test_reopening_from_a_stop_state_starts_a_new_cycle_and_keeps_the_old(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    move(request, "done")
    clock_at("2026-12-08T09:00")
    move(request, "open")
    resolve = [c for c in all_clocks(request) if c.target_name == "Resolve"]
    assert [(c.cycle, c.state, c.current) for c in resolve] == [
        (1, MET, False),
        (2, RUNNING, True),
    ]
    assert resolve[1].spent_minutes == 0


def test_editing_a_policy_makes_a_version_and_running_clocks_keep_theirs(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    first = new_request()
    edited = desk_policy()
    edited["targets"][1]["minutes"] = 480
    apply({"policies": [edited]})
    second = new_request()
    old, new = clocks_of(first)["Resolve"], clocks_of(second)["Resolve"]
    assert (old.policy_version.number, old.goal_minutes) == (1, 240)
    assert (new.policy_version.number, new.goal_minutes) == (2, 480)


def test_saving_an_unchanged_policy_makes_no_version(sla_app):
    configure(desk_policy())
    report = apply({"calendars": [OFFICE, ALWAYS], "policies": [desk_policy()]})
    assert report["unchanged"] == ["calendar VN office", "calendar 24/7", "policy Desk standard"]


def test_a_target_may_use_its_own_calendar(sla_app, clock_at):
    policy = desk_policy(
        targets=[
            {
                "name": "Promise",
                "start": ["created"],
                "stop": ["done"],
                "minutes": 48 * 60,
                "calendar": "24/7",
            },
        ]
    )
    configure(policy)
    clock_at("2026-12-07T09:00")
    promise = clocks_of(new_request())["Promise"]
    assert promise.deadline.isoformat() == "2026-12-09T02:00:00+00:00"  # 48 h later


def test_a_multi_step_process_has_a_target_per_department_and_an_overall_one(sla_app, clock_at):
    steps = [
        {"name": "Triage", "start": ["created"], "stop": ["open"], "minutes": 60},
        {"name": "Work", "start": ["open"], "pause": ["waiting"], "stop": ["done"], "minutes": 240},
        {
            "name": "Promise",
            "start": ["created"],
            "stop": ["done"],
            "minutes": 48 * 60,
            "calendar": "24/7",
        },
    ]
    configure(desk_policy(targets=steps))
    clock_at("2026-12-07T09:00")
    request = new_request(team="FRONT")
    clock_at("2026-12-07T09:30")
    records.update("desk.request", request, {"team": "BACK"})
    move(request, "open")
    clock_at("2026-12-07T15:00")
    move(request, "done")
    clocks = clocks_of(request)
    assert clocks["Triage"].state == MET and clocks["Triage"].spent_minutes == 30
    assert clocks["Work"].state == MET
    assert clocks["Work"].spent_minutes == 150 + 90  # 09:30-12:00 and 13:30-15:00
    assert clocks["Promise"].state == MET and clocks["Promise"].spent_minutes == 360
    assert clocks["Work"].responsible_department == "BACK"
    assert len(all_clocks(request)) == 3  # leaving "open" for "done" reopens no step
