"""SLA badges: read from stored clocks in one query per page, in the viewer's language."""

from __future__ import annotations

from contextlib import contextmanager

from flask_babel import refresh
from sqlalchemy import event

from core.db import db
from core.listing import ListQuery, list_records
from core.ui.badges import badges_for
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import move, new_request


@contextmanager
def counted_queries():
    seen: list[str] = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _desk():
    from flask import current_app

    return current_app.extensions["nhip"].entities.get("desk.request")


def _badges(app, records, language="en"):
    with app.test_request_context(headers={"Accept-Language": language}):
        return badges_for(_desk(), records, None)


def test_badge_says_working_time_left_and_is_green(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:10")
    badges = _badges(sla_app, [request])[request.id]
    respond = next(b for b in badges if b.data["target"] == "Respond")
    assert respond.label == "Respond: 50m left"
    assert respond.tone == "success"
    assert respond.to_json() == {
        "source": "sla",
        "target": "Respond",
        "status": "on_track",
        "deadline": "2026-12-07T03:00:00+00:00",
        "label": "Respond: 50m left",
    }


def test_badge_counts_only_working_time_over_lunch(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T11:00")
    request = new_request()
    clock_at("2026-12-07T12:30")  # lunch: 60 of 240 used, 180 left
    badges = _badges(sla_app, [request])[request.id]
    resolve = next(b for b in badges if b.data["target"] == "Resolve")
    assert resolve.label == "Resolve: 3h left · from 13:30"  # waiting for the afternoon


def test_badges_in_vietnamese(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:40")  # past 50 % of Respond: at risk
    labels = [b.label for b in _badges(sla_app, [request], "vi")[request.id]]
    assert "Respond: sắp trễ, còn 20 phút" in labels
    assert "Resolve: còn 3 giờ 20 phút" in labels


def test_breached_badge_says_how_long_ago_and_is_red(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T14:00")  # Respond was due at 10:00
    respond = _badges(sla_app, [request])[request.id][0]
    assert respond.label == "Respond: breached 2h 30m ago"  # 10:00-12:00 and 13:30-14:00
    assert respond.tone == "danger"


def test_most_urgent_badge_comes_first(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T11:00")
    statuses = [b.data["status"] for b in _badges(sla_app, [request])[request.id]]
    assert statuses == ["breached", "on_track"]


def test_paused_and_met_badges(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    move(request, "waiting")
    labels = sorted(b.label for b in _badges(sla_app, [request])[request.id])
    assert labels == ["Resolve: paused, 4h left", "Respond: met"]


def test_a_type_switched_off_shows_no_badges(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    configure(desk_policy(), track=False)
    assert _badges(sla_app, [request]) == {request.id: []}


def test_badges_take_one_query_whatever_the_page_size(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    for i in range(100):
        new_request(subject=f"r{i}")
    db.session.expire_all()
    requests = list(db.session.execute(db.select(_desk().model).order_by("id")).scalars())
    with counted_queries() as ten:
        _badges(sla_app, requests[:10])
    with counted_queries() as hundred:
        result = _badges(sla_app, requests)
    assert len(ten) == len(hundred)
    assert [s for s in hundred if "sla_clock" in s] == [hundred[-1]], "one query of clocks"
    assert all(len(result[r.id]) == 2 for r in requests)


def test_list_filter_finds_breached_records(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    late = new_request(subject="late")
    clock_at("2026-12-07T10:30")
    fresh = new_request(subject="fresh")
    page = list_records(_desk(), None, ListQuery(filters={"sla": "breached"}))
    assert [r.id for r in page.items] == [late.id]
    page = list_records(_desk(), None, ListQuery(filters={"sla": "on_track"}))
    # a record counts under each status its targets show: late's Resolve is on track
    assert sorted(r.id for r in page.items) == [late.id, fresh.id]


def test_list_sorts_by_urgency_by_default(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    first = new_request(subject="first")
    clock_at("2026-12-07T09:30")
    new_request(subject="second")
    move(first, "open")  # first's Respond is met; its Resolve (due 14:30) stays
    done = new_request(subject="done")
    move(done, "done")
    page = list_records(_desk(), None, ListQuery())
    assert page.sort == "urgency"
    assert [r.subject for r in page.items] == ["second", "first", "done"]


def test_pages_of_the_same_minute_share_a_badge_and_the_next_minute_has_its_own(sla_app, clock_at):
    """Badges are kept per process by what they show: two pages within the minute get the
    same (unchangeable) badge, a page a minute later a new one, and a met target's badge
    stays the same."""
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:05")
    move(request, "open")  # Respond met; Resolve runs on
    clock_at("2026-12-07T09:10:05")
    first = {b.data["target"]: b for b in _badges(sla_app, [request])[request.id]}
    clock_at("2026-12-07T09:10:20")  # the same whole minutes left (a label rounds them)
    again = {b.data["target"]: b for b in _badges(sla_app, [request])[request.id]}
    clock_at("2026-12-07T09:11:05")
    later = {b.data["target"]: b for b in _badges(sla_app, [request])[request.id]}
    assert first["Resolve"].label == "Resolve: 3h 50m left"
    assert again["Resolve"] is first["Resolve"]
    assert later["Resolve"].label == "Resolve: 3h 49m left"
    assert later["Resolve"] is not first["Resolve"]
    assert first["Respond"].data["status"] == "met"
    assert later["Respond"] is first["Respond"]
    with sla_app.test_request_context(headers={"Accept-Language": "vi"}):
        refresh()  # the test's application context keeps the first request's locale
        vietnamese = badges_for(_desk(), [request], None)[request.id]
    assert sorted(b.label for b in vietnamese) == ["Resolve: còn 3 giờ 49 phút", "Respond: đạt"]
