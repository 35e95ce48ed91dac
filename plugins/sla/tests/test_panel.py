"""The SLA panel on a record page: targets with progress, the timeline, badges on the list."""

from __future__ import annotations

from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import move, new_request


def test_record_page_shows_targets_progress_and_timeline(
    sla_app, client, make_user, login, clock_at
):
    configure(desk_policy())
    admin = make_user("boss@example.com", roles=["admin"])
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T10:00")
    move(request, "open")
    move(request, "waiting")
    login(client, admin)
    page = client.get(f"/r/desk.request/{request.id}").get_data(as_text=True)
    assert "SLA timeline" in page
    assert "Paused: entered Waiting" in page  # told from the event's data, state labels
    assert "Met: entered Open" in page
    assert 'data-target="Resolve"' in page
    assert "1h of 4h working time used" in page


def test_record_page_has_no_sla_panel_without_sla_read(sla_app, client, make_user, login, clock_at):
    from core.auth import Role
    from core.hookmarkers import hookimpl

    class DeskReader:
        @hookimpl
        def register_roles(self):
            return [Role("desk_reader", "Desk reader", frozenset({"desk.read"}))]

    host = sla_app.extensions["nhip"]
    host.live.pm.register(DeskReader(), name="desk-reader")
    host.live.cache.clear()
    try:
        configure(desk_policy())
        reader = make_user("reader@example.com", roles=["desk_reader"])
        clock_at("2026-12-07T09:00")
        request = new_request()
        login(client, reader)
        response = client.get(f"/r/desk.request/{request.id}")
        assert response.status_code == 200
        assert "SLA timeline" not in response.get_data(as_text=True)
    finally:
        host.live.pm.unregister(name="desk-reader")
        host.live.cache.clear()


def test_list_page_shows_badges_sorted_by_urgency(sla_app, client, make_user, login, clock_at):
    configure(desk_policy())
    admin = make_user("boss@example.com", roles=["admin"])
    clock_at("2026-12-07T09:00")
    new_request(subject="older")
    clock_at("2026-12-07T09:50")
    new_request(subject="newer")
    clock_at("2026-12-07T10:30")
    login(client, admin)
    page = client.get("/r/desk.request/").get_data(as_text=True)
    assert "Respond: breached 30m ago" in page
    assert "Respond: at risk, 20m left" in page
    assert page.index("older") < page.index("newer")
    breached = client.get("/r/desk.request/?sla=breached").get_data(as_text=True)
    assert "older" in breached and "newer" not in breached
    at_risk = client.get("/r/desk.request/?sla=at_risk").get_data(as_text=True)
    assert "newer" in at_risk and "older" not in at_risk


def test_the_timeline_shows_each_escalation_with_who_its_actions_reached(
    sla_app, client, make_user, login, clock_at
):
    from plugins.sla.escalation.job import fire
    from plugins.sla.tests.helpers import clocks_of

    owner = make_user("lan@example.com", roles=["employee", "desk_agent"], name="Lê Thị Lan")
    policy = desk_policy()
    policy["targets"][1]["escalations"] = [
        {
            "at": 100,
            "actions": [
                {"type": "notify", "to": ["responsible"]},
                {"type": "raise_priority", "field": "colour", "value": "red"},
            ],
        }
    ]
    configure(policy)
    clock_at("2026-12-07T09:00")
    request = new_request(owner_id=owner)
    clock_at("2026-12-07T14:31")  # Resolve's 4 working hours ended at 14:30
    fire(clocks_of(request)["Resolve"].id)
    login(client, make_user("boss@example.com", roles=["admin"]))
    page = client.get(f"/r/desk.request/{request.id}").get_data(as_text=True)
    assert "Breached: the deadline passed" in page
    assert "Notify people: done · Lê Thị Lan" in page
    assert "Raise the priority: failed" in page
    assert "desk.request has no field" in page


def test_the_api_lists_in_the_types_own_order_unless_urgency_is_asked(
    sla_app, client, make_user, login, clock_at
):
    """Screens list tracked records by urgency; the API keeps the type's own order (newest
    first), which does not move as deadlines pass, so pages read one after the other hold
    every record once. ``?sort=urgency`` gives the screens' order."""
    configure(desk_policy())
    login(client, make_user("boss@example.com", roles=["admin"]))
    clock_at("2026-12-07T09:00")
    new_request(subject="older")
    clock_at("2026-12-07T09:50")
    new_request(subject="newer")
    clock_at("2026-12-07T10:30")
    plain = client.get("/api/v1/desk.request").json["items"]
    assert [item["subject"] for item in plain] == ["newer", "older"]
    urgent = client.get("/api/v1/desk.request?sort=urgency").json["items"]
    assert [item["subject"] for item in urgent] == ["older", "newer"]
    assert urgent[0]["badges"][0]["label"] == "Respond: breached 30m ago"
