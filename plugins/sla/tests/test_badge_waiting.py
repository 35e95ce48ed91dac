"""What a badge says outside working hours, on a 24/7 target, and how lists fold met targets."""

from __future__ import annotations

import re

from flask_babel import refresh

from core.translations_build import compile_all
from core.ui.badges import badges_for
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import move, new_request

ROUND_THE_CLOCK = [
    {
        "name": "Answer",
        "start": ["created"],
        "stop": ["done"],
        "cancel": ["cancelled"],
        "minutes": 600,
        "warn": [80],
    }
]


def _labels(app, request, language="en") -> dict[str, str]:
    from flask import current_app

    compile_all()
    with app.test_request_context(headers={"Accept-Language": language}):
        refresh()
        desk = current_app.extensions["nhip"].entities.get("desk.request")
        badges = badges_for(desk, [request], None)[request.id]
    return {b.data["target"]: b.label for b in badges}


def test_a_clock_on_saturday_says_it_waits_for_monday_morning(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-11T17:00")  # Friday: Respond has 30 working minutes left at closing
    request = new_request()
    clock_at("2026-12-12T10:00")  # Saturday 10:00
    labels = _labels(sla_app, request)
    assert labels["Respond"] == "Respond: at risk, 30m left · from Mon 08:00"
    assert labels["Resolve"] == "Resolve: 3h 30m left · from Mon 08:00"
    assert _labels(sla_app, request, "vi")["Resolve"] == "Resolve: còn 3 giờ 30 phút · từ T2 08:00"


def test_a_clock_over_lunch_says_when_work_resumes_today(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T12:10")
    assert _labels(sla_app, request)["Resolve"] == "Resolve: 1h left · from 13:30"


def test_a_clock_in_working_hours_says_nothing_of_waiting(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:10")
    assert _labels(sla_app, request)["Respond"] == "Respond: 50m left"


def test_a_24_7_target_never_waits_and_counts_hours(sla_app, client, make_user, login, clock_at):
    configure(desk_policy(calendar="24/7", targets=ROUND_THE_CLOCK))
    boss = make_user("boss@example.com", roles=["admin"])
    clock_at("2026-12-12T10:00")  # Saturday
    request = new_request()
    clock_at("2026-12-12T13:00")
    login(client, boss)
    page = client.get(f"/r/desk.request/{request.id}").get_data(as_text=True)
    assert _labels(sla_app, request)["Answer"] == "Answer: 7h left"
    assert "3h of 10h used (hours around the clock)" in page
    assert "working time used" not in page


def test_an_office_target_counts_working_time(sla_app, client, make_user, login, clock_at):
    configure(desk_policy())
    boss = make_user("boss@example.com", roles=["admin"], language="vi")
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:00")
    login(client, boss)
    page = client.get(f"/r/desk.request/{request.id}").get_data(as_text=True)
    assert "đã dùng 1 giờ trên 4 giờ thời gian làm việc" in page


#: "Respond: met" as a badge of its own (not folded into a tick)
FULL_MET = r'<span class="badge text-bg-success" title="[^"]*">Respond: met</span>'


def _badge_cell(page: str, record_id: int) -> str:
    row = re.search(rf'<tr data-record="{record_id}">.*?</tr>', page, re.S)
    assert row is not None, page
    cell = re.search(r'<td class="[^"]*nhip-badges[^"]*"[^>]*>(.*?)</td>', row.group(0), re.S)
    return cell.group(1) if cell else ""


def test_a_list_folds_a_met_target_into_a_tick_the_record_page_shows_it(
    sla_app, client, make_user, login, clock_at
):
    configure(desk_policy())
    boss = make_user("boss@example.com", roles=["admin"])
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:20")
    move(request, "open")  # Respond met on time; Resolve still running
    login(client, boss)
    listing = client.get("/r/desk.request/").get_data(as_text=True)
    cell = _badge_cell(listing, request.id)
    assert ">Resolve: 3h 40m left<" in cell
    assert not re.search(FULL_MET, cell)
    assert 'class="badge text-bg-success nhip-folded" data-folded="1" title="Respond: met"' in cell
    record = client.get(f"/r/desk.request/{request.id}").get_data(as_text=True)
    badges = re.search(r'id="record-badges">(.*?)</span>\s*\n', record, re.S).group(1)
    assert re.search(FULL_MET, badges)
    assert "nhip-folded" not in badges


def test_a_met_late_target_stays_in_full_in_lists(sla_app, client, make_user, login, clock_at):
    configure(desk_policy())
    boss = make_user("boss@example.com", roles=["admin"])
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:30")
    move(request, "open")  # Respond met late
    login(client, boss)
    cell = _badge_cell(client.get("/r/desk.request/").get_data(as_text=True), request.id)
    assert ">Respond: met late<" in cell
    assert "nhip-folded" not in cell
