"""Each rule of an SLA clock, on a record type the SLA plugin knows only through the registry."""

from __future__ import annotations

from plugins.sla.models.clock import CANCELLED, MET, MET_LATE, PAUSED, RUNNING
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, events_of, local, move, new_request


def test_creation_starts_the_targets_that_start_on_creation(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")  # a Monday
    request = new_request()
    clocks = clocks_of(request)
    assert set(clocks) == {"Respond", "Resolve"}
    assert all(c.state == RUNNING for c in clocks.values())


def test_deadline_is_counted_in_working_time_across_lunch(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clocks = clocks_of(request)
    assert local(clocks["Respond"].deadline) == "2026-12-07 10:00"
    # 09:00-12:00 is 180 minutes; the last 60 come after the lunch break
    assert local(clocks["Resolve"].deadline) == "2026-12-07 14:30"


def test_deadline_at_the_end_of_an_interval_is_that_end(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T11:00")
    request = new_request()
    assert local(clocks_of(request)["Respond"].deadline) == "2026-12-07 12:00"


def test_first_warning_and_next_due_instant_are_stored(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    respond = clocks_of(new_request())["Respond"]
    assert local(respond.warn_at) == "2026-12-07 09:30"
    # a warning only colours the badge; the breach is the first escalation level
    assert respond.next_due_at == respond.deadline


def test_entering_a_stop_state_in_time_meets_the_target(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:45")
    move(request, "open")
    respond = clocks_of(request)["Respond"]
    assert respond.state == MET
    assert respond.spent_minutes == 45
    assert respond.next_due_at is None


def test_entering_a_stop_state_after_the_deadline_is_met_late(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:30")
    move(request, "open")
    assert clocks_of(request)["Respond"].state == MET_LATE


def test_a_pause_state_pauses_and_leaving_it_resumes_with_the_time_left(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    clock_at("2026-12-07T10:00")
    move(request, "waiting")
    resolve = clocks_of(request)["Resolve"]
    assert resolve.state == PAUSED
    assert resolve.spent_minutes == 60
    assert resolve.deadline is None
    clock_at("2026-12-08T08:00")  # the next morning
    move(request, "open")
    resolve = clocks_of(request)["Resolve"]
    assert resolve.state == RUNNING
    assert local(resolve.deadline) == "2026-12-08 11:00"  # 180 minutes left


def test_pausing_across_a_public_holiday_skips_it(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-31T16:00")  # Thursday; 2027-01-01 is New Year's Day
    request = new_request()
    move(request, "open")
    clock_at("2026-12-31T17:00")
    move(request, "waiting")
    clock_at("2027-01-01T09:00")  # the holiday: resumed, but no working time today
    move(request, "open")
    resolve = clocks_of(request)["Resolve"]
    assert resolve.spent_minutes == 60
    assert local(resolve.deadline) == "2027-01-04 11:00"  # Monday, 180 minutes from 08:00


def test_a_cancel_state_cancels_the_clocks(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "cancelled")
    assert {c.state for c in clocks_of(request).values()} == {CANCELLED}


def test_a_type_with_tracking_off_starts_no_clocks(sla_app, clock_at):
    configure(desk_policy(), track=False)
    clock_at("2026-12-07T09:00")
    assert clocks_of(new_request()) == {}


def test_policies_are_tried_by_order_and_the_first_match_applies(sla_app, clock_at):
    vip = desk_policy(
        "Desk VIP",
        order=10,
        conditions={"all": [{"field": "tier", "op": "eq", "value": "vip"}]},
        targets=[{"name": "Respond", "start": ["created"], "stop": ["open"], "minutes": 30}],
    )
    configure(desk_policy(), vip)
    clock_at("2026-12-07T09:00")
    assert clocks_of(new_request(tier="vip"))["Respond"].goal_minutes == 30
    assert clocks_of(new_request(tier="standard"))["Respond"].goal_minutes == 60


def test_every_change_is_an_event_with_its_reason(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    move(request, "waiting")
    reasons = [e.reason for e in events_of(request)]
    assert "met: entered open" in reasons
    assert "paused: entered waiting" in reasons
    assert any(r.startswith("started: record created") for r in reasons)


def test_responsible_user_and_department_are_kept_on_the_clock(sla_app, clock_at, make_user):
    owner = make_user("minh@example.com")
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    respond = clocks_of(new_request(owner_id=owner, team="CARE"))["Respond"]
    assert (respond.responsible_user_id, respond.responsible_department) == (owner, "CARE")


def test_a_met_clock_keeps_the_deadline_it_had(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    respond = clocks_of(request)["Respond"]
    assert respond.state == MET
    assert local(respond.deadline) == "2026-12-07 10:00"
    assert respond.next_due_at is None
