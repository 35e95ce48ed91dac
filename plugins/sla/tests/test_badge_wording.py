"""What a badge says of a breach (how long ago, since which day, at what time), its colours,
and the late outcomes of clocks stopped outside working hours."""

from __future__ import annotations

from flask_babel import refresh

from core.translations_build import compile_all
from core.ui.badges import badges_for
from plugins.sla.models.clock import MET_LATE, PAUSED
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, move, new_request


def _labels(app, request, language="en") -> dict[str, str]:
    from flask import current_app

    compile_all()
    with app.test_request_context(headers={"Accept-Language": language}):
        refresh()  # the test's app context may hold another language from an earlier call
        desk = current_app.extensions["nhip"].entities.get("desk.request")
        badges = badges_for(desk, [request], None)[request.id]
    return {b.data["target"]: b for b in badges}


def test_a_breach_of_a_few_working_hours_says_how_long_ago(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T14:00")
    assert _labels(sla_app, request)["Respond"].label == "Respond: breached 2h 30m ago"


def test_an_old_breach_says_since_which_day(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")  # Respond due Monday 10:00
    request = new_request()
    clock_at("2026-12-11T10:30")  # Friday: 32h 30m of working time overdue
    badges = _labels(sla_app, request)
    assert badges["Respond"].label == "Respond: breached since 07/12"
    assert _labels(sla_app, request, "vi")["Respond"].label == "Respond: trễ hạn từ 07/12"


def test_a_breach_from_another_year_gives_the_year(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2027-01-05T10:00")
    assert _labels(sla_app, request)["Respond"].label == "Respond: breached since 07/12/2026"


def test_a_breach_outside_working_hours_says_at_what_time(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T13:30")  # Resolve (4h) due at 17:30
    request = new_request()
    clock_at("2026-12-07T19:00")
    assert _labels(sla_app, request)["Resolve"].label == "Resolve: breached at 17:30"
    assert _labels(sla_app, request, "vi")["Resolve"].label == "Resolve: trễ hạn lúc 17:30"
    clock_at("2026-12-08T07:30")  # the next morning, before work: the date too
    assert _labels(sla_app, request)["Resolve"].label == "Resolve: breached at 17:30 07/12"


def test_met_late_is_amber_and_breached_red(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:30")
    move(request, "open")  # Respond, due 10:00, met late; Resolve still running
    clock_at("2026-12-07T15:00")  # Resolve was due at 14:30: breached
    badges = _labels(sla_app, request)
    assert (badges["Respond"].label, badges["Respond"].tone) == ("Respond: met late", "warning")
    assert badges["Resolve"].tone == "danger"
    assert _labels(sla_app, request, "vi")["Respond"].label == "Respond: đạt (trễ hạn)"


def test_meeting_a_target_after_its_deadline_outside_working_hours_is_late(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T13:30")
    request = new_request()
    clock_at("2026-12-07T19:00")  # Resolve was due at 17:30: no working time since, but late
    move(request, "done")
    resolve = clocks_of(request)["Resolve"]
    assert resolve.state == MET_LATE
    assert resolve.spent_minutes == 240
    assert resolve.breached_at is not None


def test_pausing_after_the_deadline_says_overdue(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T13:30")
    request = new_request()
    move(request, "open")
    clock_at("2026-12-07T19:00")
    move(request, "waiting")
    assert clocks_of(request)["Resolve"].state == PAUSED
    assert _labels(sla_app, request)["Resolve"].label == "Resolve: paused, overdue"
    assert _labels(sla_app, request, "vi")["Resolve"].label == "Resolve: tạm dừng, quá hạn"
