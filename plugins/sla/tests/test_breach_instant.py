"""A breached clock keeps the instant it broke: saving its calendar re-plans the future only,
and a pause and resume do not move the breach either: badges, the API and the panel say when it
really broke."""

from __future__ import annotations

from core.listing import ListQuery, list_records
from core.ui.badges import badges_for
from plugins.sla.config_store import apply
from plugins.sla.models.clock import RUNNING
from plugins.sla.tests.conftest import OFFICE, configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, local, move, new_request

RESPOND_ONLY = [{"name": "Respond", "start": ["created"], "stop": ["open", "done"], "minutes": 60}]


def _policies() -> list[dict]:
    """Respond within 60 working minutes, VIP requests within 30."""
    vip = desk_policy(
        "Desk VIP",
        order=10,
        conditions={"all": [{"field": "tier", "op": "eq", "value": "vip"}]},
        targets=[{**RESPOND_ONLY[0], "minutes": 30}],
    )
    return [desk_policy(targets=RESPOND_ONLY), vip]


def _save_calendar() -> None:
    """Save the office calendar with a company day off added (its running clocks re-plan)."""
    report = apply({"calendars": [{**OFFICE, "holidays": ["2026-12-24"]}]})
    assert report["updated"] == ["calendar VN office"]


def _desk():
    from flask import current_app

    return current_app.extensions["nhip"].entities.get("desk.request")


def _labels(app, records) -> dict[int, list[str]]:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return {k: [b.label for b in v] for k, v in badges_for(_desk(), records, None).items()}


def _two_breached_requests(clock_at):
    """``standard`` due 10:00 and ``vip`` (created later) due 09:40; both breached at 11:00."""
    configure(*_policies())
    clock_at("2026-12-07T09:00")  # a Monday
    standard = new_request(subject="standard")
    clock_at("2026-12-07T09:10")
    vip = new_request(subject="vip", tier="vip")
    clock_at("2026-12-07T11:00")
    return standard, vip


def test_a_calendar_save_keeps_each_breach_instant(sla_app, clock_at):
    standard, vip = _two_breached_requests(clock_at)
    _save_calendar()
    for request, due in ((standard, "2026-12-07 10:00"), (vip, "2026-12-07 09:40")):
        respond = clocks_of(request)["Respond"]
        assert (local(respond.deadline), local(respond.breached_at)) == (due, due)


def test_a_calendar_save_keeps_breached_records_in_urgency_order(sla_app, clock_at):
    _two_breached_requests(clock_at)
    _save_calendar()
    page = list_records(_desk(), None, ListQuery())
    assert [r.subject for r in page.items] == ["vip", "standard"]


def test_a_calendar_save_keeps_the_overdue_time_of_a_breach(sla_app, clock_at):
    standard, vip = _two_breached_requests(clock_at)
    before = _labels(sla_app, [standard, vip])
    _save_calendar()
    assert _labels(sla_app, [standard, vip]) == before
    assert before[vip.id] == ["Respond: breached 1h 20m ago"]


def test_a_calendar_save_keeps_the_instant_of_a_breach_outside_working_hours(sla_app, clock_at):
    configure(*_policies())
    clock_at("2026-12-07T16:30")
    request = new_request()
    clock_at("2026-12-07T20:00")  # due 17:30: broke when the office closed
    _save_calendar()
    assert _labels(sla_app, [request])[request.id] == ["Respond: breached at 17:30"]


def _paused_long_after_its_breach(clock_at):
    """Resolve due Monday 7/12 14:30, paused on Friday 11/12 (29 working hours overdue) and
    resumed on Monday 14/12."""
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    clock_at("2026-12-11T10:00")
    move(request, "waiting")
    clock_at("2026-12-14T09:00")
    move(request, "open")
    return request


def test_a_resumed_clock_keeps_the_instant_it_broke(sla_app, clock_at):
    resolve = clocks_of(_paused_long_after_its_breach(clock_at))["Resolve"]
    assert resolve.state == RUNNING
    assert local(resolve.deadline) == local(resolve.breached_at) == "2026-12-07 14:30"


def test_a_resumed_clock_badge_says_since_when_it_is_breached(sla_app, clock_at):
    request = _paused_long_after_its_breach(clock_at)
    with sla_app.test_request_context(headers={"Accept-Language": "en"}):
        badges = badges_for(_desk(), [request], None)[request.id]
    resolve = next(b for b in badges if b.data["target"] == "Resolve")
    assert resolve.to_json() == {
        "source": "sla",
        "target": "Resolve",
        "status": "breached",
        "deadline": "2026-12-07T07:30:00+00:00",
        "label": "Resolve: breached since 07/12",
    }
