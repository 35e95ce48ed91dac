"""A customer's or lead's owner and a ticket's assignee works on that type (an active account
holding ``crm.write``); naming anyone else is refused in the very words used for an account
that does not exist ("no core.user with id N"), so that the answer never tells a caller which
ids exist. Through the JSON API, as pages and API share the service layer's rule."""

from __future__ import annotations

import json

import pytest

from core import records
from core.db import db
from core.models import User
from plugins.crm.models import Ticket

MISSING = 987_654
#: each type, the field naming a person on it, and a body that creates one
PEOPLE_FIELDS = [
    ("crm.customer", "owner_id", {"name": "Công ty TNHH An Phú"}),
    ("crm.lead", "owner_id", {"contact_name": "Nguyễn Văn An"}),
    ("crm.ticket", "assignee_id", {"subject": "Giao hàng chậm"}),
]


@pytest.fixture
def outsider(make_user) -> int:
    """A warehouse clerk: an employee who neither sells nor supports customers."""
    return make_user("kho@example.vn", ["employee", "warehouse"], name="Đỗ Văn Hùng")


@pytest.fixture
def body(new_customer):
    """``body(key, **values)``: a valid creation body of ``key`` (a ticket gets a customer)."""

    def make(key: str, base: dict, **values) -> dict:
        extra = {"customer_id": new_customer()} if key == "crm.ticket" else {}
        return {**base, **extra, **values}

    return make


def masked(answer: dict, user_id: int) -> str:
    """The answer with the id it names masked, to compare two answers."""
    return json.dumps(answer, sort_keys=True).replace(str(user_id), "ID")


@pytest.mark.parametrize(("key", "field", "base"), PEOPLE_FIELDS)
def test_api_someone_outside_crm_is_refused_as_a_missing_id(
    app, client, login, seller, outsider, body, key, field, base
):
    login(client, seller)
    answer = client.post(f"/api/v1/{key}", json=body(key, base, **{field: outsider}))
    assert answer.status_code == 422
    assert answer.json == {
        "error": "invalid fields",
        "fields": {field: f"no core.user with id {outsider}"},
    }


@pytest.mark.parametrize(("key", "field", "base"), PEOPLE_FIELDS)
def test_api_missing_and_outside_ids_answer_alike(
    app, client, login, seller, outsider, body, key, field, base
):
    login(client, seller)
    missing = client.post(f"/api/v1/{key}", json=body(key, base, **{field: MISSING}))
    outside = client.post(f"/api/v1/{key}", json=body(key, base, **{field: outsider}))
    assert missing.status_code == outside.status_code == 422
    assert masked(missing.json, MISSING) == masked(outside.json, outsider)


@pytest.mark.parametrize(("key", "field", "base"), PEOPLE_FIELDS)
def test_api_missing_and_outside_ids_answer_alike_on_edit(
    app, client, login, seller, outsider, body, key, field, base
):
    login(client, seller)
    record_id = client.post(f"/api/v1/{key}", json=body(key, base)).json["id"]
    url = f"/api/v1/{key}/{record_id}"
    missing = client.patch(url, json={field: MISSING})
    outside = client.patch(url, json={field: outsider})
    assert missing.status_code == outside.status_code == 422
    assert masked(missing.json, MISSING) == masked(outside.json, outsider)
    assert client.get(url).json[field] != outsider


@pytest.mark.parametrize(("key", "field", "base"), PEOPLE_FIELDS)
def test_api_an_inactive_account_is_refused(
    app, client, login, seller, agent, body, key, field, base
):
    with app.app_context():
        db.session.get(User, agent).active = False
        db.session.commit()
    login(client, seller)
    answer = client.post(f"/api/v1/{key}", json=body(key, base, **{field: agent}))
    assert answer.status_code == 422
    assert answer.json["fields"] == {field: f"no core.user with id {agent}"}


@pytest.mark.parametrize(("key", "field", "base"), PEOPLE_FIELDS)
def test_api_anyone_in_sales_or_support_may_be_named(
    app, client, login, seller, agent, body, key, field, base
):
    login(client, seller)
    answer = client.post(f"/api/v1/{key}", json=body(key, base, **{field: agent}))
    assert answer.status_code == 201, answer.json
    assert answer.json[field] == agent


def test_a_ticket_keeps_an_assignee_who_left_until_it_is_reassigned(app, agent, seller, new_ticket):
    ticket_id = new_ticket(assignee_id=agent)
    with app.app_context():
        db.session.get(User, agent).set_roles(["employee"])
        db.session.commit()
        ticket = records.get_record("crm.ticket", ticket_id)
        records.update("crm.ticket", ticket, {"priority": "high"}, actor_id=seller)
        assert (ticket.priority, ticket.assignee_id) == ("high", agent)


def test_the_ticket_form_refuses_an_assignee_outside_crm_on_its_field(
    app, client, login, agent, outsider, new_customer
):
    customer_id = new_customer()
    login(client, agent)
    answer = client.post(
        "/crm/tickets/new",
        data={
            "customer_id": customer_id,
            "subject": "Giao hàng chậm",
            "priority": "normal",
            "channel": "email",
            "assignee_id": outsider,
        },
    )
    assert answer.status_code == 422
    assert f"no core.user with id {outsider}" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(db.select(Ticket)).first() is None
