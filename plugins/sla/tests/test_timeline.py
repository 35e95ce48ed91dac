"""The SLA timeline: each event keeps its cause as data and is told in the viewer's language,
with states by the labels their record type declares."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from core import records
from core.translations_build import compile_all
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import events_of, move, new_request
from plugins.sla.tests.test_policy_changes import _vip
from plugins.sla.timeline import event_text

ORDER_STATES = {"confirmed": "Đã xác nhận", "draft": "Nháp", "waiting_customer": "Chờ khách"}


def _told(app, language, kind, data, reason="(stored reason)", labels=None):
    compile_all()
    labels = labels or {}
    with app.test_request_context(headers={"Accept-Language": language}):
        refresh()  # the test's app context may hold another language from an earlier call
        return event_text(kind, data, reason, lambda s: labels.get(s, s))


def _by_reason(request) -> dict:
    return {e.reason: e for e in events_of(request)}


def test_each_event_stores_its_cause_states_and_policy(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    move(request, "waiting")
    move(request, "open")
    events = _by_reason(request)
    started = events["started: record created (Desk standard v1)"].data
    assert started["cause"] == "created"
    assert (started["policy"], started["version"], started["state"]) == ("Desk standard", 1, "new")
    met = events["met: entered open"].data
    assert (met["cause"], met["state"], met["from"]) == ("entered", "open", "new")
    assert events["paused: entered waiting"].data["state"] == "waiting"
    resumed = events["resumed: left waiting"].data
    assert (resumed["cause"], resumed["from"], resumed["state"]) == ("left", "waiting", "open")


def test_a_retargeted_clock_stores_both_policies_and_the_minutes_carried(sla_app, clock_at):
    configure(desk_policy("Standard"), _vip("carry_over"))
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:20")
    records.update("desk.request", request, {"tier": "vip"})
    carried = _by_reason(request)["retargeted: policy Standard → Desk VIP, 1h20m carried over"]
    assert carried.data["cause"] == "carried"
    assert (carried.data["old_policy"], carried.data["policy"]) == ("Standard", "Desk VIP")
    assert carried.data["carried"] == 80


def test_the_timeline_names_states_by_their_labels_in_english(sla_app):
    data = {"cause": "entered", "state": "confirmed", "from": "draft"}
    labels = {"confirmed": "Confirmed"}
    assert _told(sla_app, "en", "met", data, labels=labels) == "Met: entered Confirmed"
    assert _told(sla_app, "en", "met_late", data, labels=labels) == "Met late: entered Confirmed"


def test_the_timeline_in_vietnamese(sla_app):
    entered = {"cause": "entered", "state": "confirmed", "from": "draft"}
    assert _told(sla_app, "vi", "met", entered, labels=ORDER_STATES) == (
        "Đạt: chuyển sang Đã xác nhận"
    )
    left = {"cause": "left", "state": "open", "from": "waiting_customer"}
    assert _told(sla_app, "vi", "resumed", left, labels=ORDER_STATES) == ("Tiếp tục: rời Chờ khách")
    created = {"cause": "created", "policy": "Standard orders", "version": 2}
    assert _told(sla_app, "vi", "started", created) == "Bắt đầu: tạo bản ghi (Standard orders v2)"


def test_carried_time_is_a_working_duration_in_the_viewers_language(sla_app):
    data = {"cause": "carried", "old_policy": "Standard", "policy": "VIP", "carried": 80}
    assert _told(sla_app, "en", "retargeted", data) == (
        "Retargeted: policy Standard → VIP, 1h 20m carried over"
    )
    assert _told(sla_app, "vi", "retargeted", data) == (
        "Chuyển chính sách: Standard → VIP, giữ lại 1 giờ 20 phút đã dùng"
    )


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("escalated", {"level": 100}),  # a kind this version does not tell
        ("paused", {"spent": 12.0}),  # an event written before causes were stored
        ("paused", None),
    ],
)
def test_an_event_it_cannot_tell_shows_its_stored_reason(sla_app, kind, data):
    assert _told(sla_app, "vi", kind, data, reason="escalated: level 100") == (
        "escalated: level 100"
    )


def test_the_record_page_tells_the_timeline_in_vietnamese(
    sla_app, client, make_user, login, clock_at
):
    compile_all()
    configure(desk_policy())
    viewer = make_user("an@example.com", roles=["admin"], language="vi")
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    move(request, "waiting")
    login(client, viewer)
    page = client.get(f"/r/desk.request/{request.id}").get_data(as_text=True)
    assert "Tạm dừng: chuyển sang Waiting" in page  # desk declares no labels: its own words
    assert "Đạt: chuyển sang Open" in page
    assert "Bắt đầu: tạo bản ghi (Desk standard v1)" in page
    assert "paused: entered waiting" not in page
