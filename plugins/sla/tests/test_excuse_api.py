"""The excuse of a breach through the API: ``/api/v1/sla/clocks/<id>`` (the clock with its
excuse), ``POST .../excuse`` and ``DELETE .../excuse``; errors as the API's others; listed in
the OpenAPI document."""

from __future__ import annotations

import pytest
from flask import g

from core.db import db
from core.models import ApiToken, User
from plugins.sla.models import Clock
from plugins.sla.tests.excuse_support import breached, configure_breachable, incidents_of


@pytest.fixture
def tokens(sla_app, make_user):
    configure_breachable()
    people = {
        name: make_user(f"{name}@example.com", roles=roles, name=name.title())
        for name, roles in (
            ("manager", ["manager", "desk_agent"]),
            ("agent", ["employee", "desk_agent"]),
            ("outsider", ["manager"]),
        )
    }
    found = {}
    for name, user_id in people.items():
        row, token = ApiToken.issue(db.session.get(User, user_id), "test")
        db.session.add(row)
        found[name] = token
    db.session.commit()
    return found


def _call(client, method, path, token, **kwargs):
    # the test's application context is the requests' too: forget the last caller
    g.pop("nhip_permissions", None)
    g.pop("_login_user", None)
    headers = {"Authorization": f"Bearer {token}"}
    return client.open(f"/api/v1/sla{path}", method=method, headers=headers, **kwargs)


def test_excusing_and_withdrawing_by_api(tokens, clock_at, client):
    clock = breached(clock_at)
    clock_at("2026-12-07T14:00")
    answer = _call(
        client,
        "POST",
        f"/clocks/{clock.id}/excuse",
        tokens["manager"],
        json={"cause": "customer_delay", "reason": "Waiting for the customer's photos"},
    )
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["id"], body["target"], body["state"]) == (clock.id, "Resolve", "running")
    assert body["breached_at"] is not None
    excuse = body["excuse"]
    assert (excuse["cause"], excuse["reason"], excuse["by_name"]) == (
        "customer_delay",
        "Waiting for the customer's photos",
        "Manager",
    )
    assert excuse["at"] == "2026-12-07T07:00:00+00:00"
    assert (
        _call(client, "GET", f"/clocks/{clock.id}", tokens["agent"]).get_json()["excuse"] == excuse
    )
    db.session.expire_all()
    assert [i.excused_at is not None for i in incidents_of(clock)] == [True]
    withdrawn = _call(client, "DELETE", f"/clocks/{clock.id}/excuse", tokens["manager"])
    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["excuse"] is None
    db.session.expire_all()
    assert [i.excused_at for i in incidents_of(clock)] == [None]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cause": "bad_luck"}, "cause"),
        ({}, "cause"),
        ({"cause": "other"}, "reason"),
        ({"cause": "other", "reason": "  "}, "reason"),
        ({"cause": "customer_delay", "reason": 5}, "reason"),
        ({"cause": "customer_delay", "reason": "x" * 2001}, "reason"),
        ({"cause": "customer_delay", "why": "x"}, "why"),
    ],
)
def test_a_wrong_body_is_a_422_naming_the_field(tokens, clock_at, client, body, field):
    clock = breached(clock_at)
    answer = _call(client, "POST", f"/clocks/{clock.id}/excuse", tokens["manager"], json=body)
    assert answer.status_code == 422
    assert list(answer.get_json()["fields"]) == [field]


def test_a_body_that_is_not_an_object_is_a_422(tokens, clock_at, client):
    clock = breached(clock_at)
    answer = _call(client, "POST", f"/clocks/{clock.id}/excuse", tokens["manager"], json=["x"])
    assert answer.status_code == 422


def test_without_the_permission_403_and_an_unreadable_record_404(tokens, clock_at, client):
    clock = breached(clock_at)
    body = {"cause": "force_majeure"}
    assert (
        _call(client, "POST", f"/clocks/{clock.id}/excuse", tokens["agent"], json=body).status_code
        == 403
    )
    assert _call(client, "DELETE", f"/clocks/{clock.id}/excuse", tokens["agent"]).status_code == 403
    hidden = _call(client, "POST", f"/clocks/{clock.id}/excuse", tokens["outsider"], json=body)
    missing = _call(client, "POST", "/clocks/999999/excuse", tokens["outsider"], json=body)
    assert (hidden.status_code, missing.status_code) == (404, 404)
    assert hidden.get_json()["error"] == f"no SLA clock with id {clock.id}"
    assert _call(client, "GET", f"/clocks/{clock.id}", tokens["outsider"]).status_code == 404
    g.pop("nhip_permissions", None)
    g.pop("_login_user", None)
    anonymous = client.post(f"/api/v1/sla/clocks/{clock.id}/excuse", json=body)
    assert anonymous.status_code == 401


def test_a_clock_not_breached_or_excused_twice_is_a_409(tokens, clock_at, client):
    clock = breached(clock_at)
    respond = db.session.execute(
        db.select(Clock.id).where(
            Clock.record_id == clock.record_id, Clock.target_name == "Respond"
        )
    ).scalar_one()
    body = {"cause": "network_outage"}
    refused = _call(client, "POST", f"/clocks/{respond}/excuse", tokens["manager"], json=body)
    assert refused.status_code == 409
    assert "only a breached clock" in refused.get_json()["error"]
    assert (
        _call(
            client, "POST", f"/clocks/{clock.id}/excuse", tokens["manager"], json=body
        ).status_code
        == 200
    )
    again = _call(client, "POST", f"/clocks/{clock.id}/excuse", tokens["manager"], json=body)
    assert again.status_code == 409 and "excused already" in again.get_json()["error"]
    assert (
        _call(client, "DELETE", f"/clocks/{respond}/excuse", tokens["manager"]).status_code == 409
    )


def test_the_routes_are_in_the_openapi_document(tokens, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    excuse = paths["/sla/clocks/{clock_id}/excuse"]
    assert excuse["post"]["operationId"] == "sla_clock_excuse"
    assert excuse["delete"]["operationId"] == "sla_clock_withdraw_excuse"
    schema = excuse["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["cause"]["enum"] == [
        "customer_delay",
        "carrier_failure",
        "network_outage",
        "force_majeure",
        "other",
    ]
    assert paths["/sla/clocks/{clock_id}"]["get"]["operationId"] == "sla_clock"


def test_a_records_clocks_are_listed_with_their_excuses(tokens, clock_at, client):
    clock = breached(clock_at)
    excused = _call(
        client,
        "POST",
        f"/clocks/{clock.id}/excuse",
        tokens["manager"],
        json={"cause": "other", "reason": "Flood"},
    )
    assert excused.status_code == 200
    answer = _call(
        client, "GET", f"/clocks?entity=desk.request&record_id={clock.record_id}", tokens["agent"]
    )
    assert answer.status_code == 200
    items = {item["target"]: item for item in answer.get_json()["items"]}
    assert set(items) == {"Respond", "Resolve"}
    assert items["Resolve"]["id"] == clock.id
    assert items["Resolve"]["excuse"]["reason"] == "Flood"
    assert items["Respond"]["excuse"] is None and items["Respond"]["breached_at"] is None


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("entity=desk.request", 422, "record_id"),
        ("record_id=1", 422, "entity"),
        ("entity=desk.request&record_id=x", 422, "record_id"),
        ("entity=desk.request&record_id=99999999999", 422, "record_id"),
        ("entity=desk.request&record_id=999", 404, None),
        ("entity=nothing.here&record_id=1", 404, None),
    ],
)
def test_listing_a_records_clocks_refuses_bad_parameters(
    tokens, clock_at, client, query, status, field
):
    breached(clock_at)
    answer = _call(client, "GET", f"/clocks?{query}", tokens["agent"])
    assert answer.status_code == status
    if field:
        assert list(answer.get_json()["fields"]) == [field]


def test_a_record_one_may_not_read_has_no_clocks_to_list(tokens, clock_at, client):
    clock = breached(clock_at)
    answer = _call(
        client,
        "GET",
        f"/clocks?entity=desk.request&record_id={clock.record_id}",
        tokens["outsider"],
    )
    assert answer.status_code == 404
    assert answer.get_json()["error"] == f"desk.request {clock.record_id} does not exist"
