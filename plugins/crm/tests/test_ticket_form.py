"""The ticket form: departments chosen by name from the ``departments()`` hook, defaults for
priority and channel, the department's name on the ticket page and in the API."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core import hookimpl, records
from core.db import db
from plugins.crm.models import Ticket


class Organisation:
    """A stand-in for HR: answers ``departments()``."""

    @hookimpl
    def departments(self):
        return [("CARE", "Chăm sóc khách hàng"), ("SALES", "Kinh doanh")]


@pytest.fixture
def organisation(app):
    """The stand-in registered on the live plugin manager for this test (HR's own answer is
    empty: no HR department exists in these tests)."""
    pm = app.extensions["nhip"].live.pm
    pm.register(Organisation(), name="crm-test-organisation")
    yield
    pm.unregister(name="crm-test-organisation")


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """``(value, label, selected)`` of the select ``name`` in ``html``."""
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select_html, f"no select {name}"
    found = re.findall(r'<option([^>]*)value="([^"]*)"([^>]*)>([^<]*)</option>', select_html[1])
    return [(value, label, "selected" in a + b) for a, value, b, label in found]


def test_generic_new_and_edit_links_lead_to_the_ticket_form(app, client, login, agent, new_ticket):
    ticket_id = new_ticket()
    login(client, agent)
    assert client.get("/r/crm.ticket/new").headers["Location"].endswith("/crm/tickets/new")
    edit = client.get(f"/r/crm.ticket/{ticket_id}/edit")
    assert edit.headers["Location"].endswith(f"/crm/tickets/{ticket_id}/edit")


def test_new_ticket_offers_departments_by_name_and_defaults_priority_and_channel(
    app, client, login, agent, organisation
):
    login(client, agent)
    html = client.get("/crm/tickets/new").get_data(as_text=True)
    assert options(html, "department") == [
        ("", "—", False),
        ("CARE", "Chăm sóc khách hàng", False),
        ("SALES", "Kinh doanh", False),
    ]
    assert ("normal", "Normal", True) in options(html, "priority")
    assert ("email", "E-mail", True) in options(html, "channel")


def test_a_ticket_saved_from_the_form_keeps_the_code_and_shows_the_name(
    app, client, login, agent, new_customer, organisation
):
    customer_id = new_customer()
    login(client, agent)
    form = {
        "subject": "Hàng giao sai màu",
        "customer_id": str(customer_id),
        "priority": "normal",
        "channel": "email",
        "department": "CARE",
    }
    answer = client.post("/crm/tickets/new", data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    with app.app_context():
        ticket = db.session.execute(select(Ticket)).scalar_one()
        assert (ticket.department, ticket.priority, ticket.channel) == ("CARE", "normal", "email")
        ticket_id = ticket.id
    page = client.get(f"/r/crm.ticket/{ticket_id}").get_data(as_text=True)
    assert re.search(r'data-field="department_name">\s*Chăm sóc khách hàng', page)
    api = client.get(f"/api/v1/crm.ticket/{ticket_id}").json
    assert (api["department"], api["department_name"]) == ("CARE", "Chăm sóc khách hàng")


def test_the_ticket_form_refuses_an_unlisted_department(
    app, client, login, agent, new_customer, organisation
):
    login(client, agent)
    form = {"subject": "X", "customer_id": str(new_customer()), "department": "NOPE"}
    answer = client.post("/crm/tickets/new", data=form)
    assert answer.status_code == 422
    with app.app_context():
        assert db.session.execute(select(Ticket)).first() is None


def test_editing_keeps_a_department_no_longer_listed_on_offer(
    app, client, login, agent, new_ticket, organisation
):
    ticket_id = new_ticket(department="CARE")
    with app.app_context():  # a code from before the organisation changed
        ticket = db.session.get(Ticket, ticket_id)
        ticket.department = "OLD"
        customer_id = ticket.customer_id
        db.session.commit()
    login(client, agent)
    html = client.get(f"/crm/tickets/{ticket_id}/edit").get_data(as_text=True)
    assert ("OLD", "OLD", True) in options(html, "department")
    form = {"subject": "Giao hàng chậm", "customer_id": str(customer_id), "department": "SALES"}
    answer = client.post(f"/crm/tickets/{ticket_id}/edit", data=form)
    assert answer.status_code == 302
    with app.app_context():
        assert db.session.get(Ticket, ticket_id).department_name == "Kinh doanh"


def test_without_a_departments_plugin_the_department_is_a_code_box(app, client, login, agent):
    login(client, agent)
    html = client.get("/crm/tickets/new").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="department"', html)


def test_a_closed_ticket_is_not_edited(app, client, login, agent, new_ticket):
    ticket_id = new_ticket()
    with app.app_context():
        ticket = records.get_record("crm.ticket", ticket_id)
        for state in ("resolved", "closed"):
            records.transition("crm.ticket", ticket, state, agent)
    login(client, agent)
    answer = client.post(f"/crm/tickets/{ticket_id}/edit", data={"subject": "Khác"})
    assert answer.headers["Location"].endswith(f"/r/crm.ticket/{ticket_id}")
    with app.app_context():
        assert db.session.get(Ticket, ticket_id).subject == "Giao hàng chậm"


def test_api_tickets_default_to_normal_priority_by_email(app, client, login, agent, new_customer):
    login(client, agent)
    answer = client.post(
        "/api/v1/crm.ticket", json={"subject": "Hỏi giá", "customer_id": new_customer()}
    )
    assert answer.status_code == 201, answer.json
    assert (answer.json["priority"], answer.json["channel"]) == ("normal", "email")


class Directory:
    """A stand-in for HR's org directory: everyone works in customer care."""

    @hookimpl
    def user_department(self, user_id):
        return "CARE"


def test_a_new_ticket_starts_in_the_department_of_who_files_it(
    app, client, login, agent, organisation
):
    pm = app.extensions["nhip"].live.pm
    pm.register(Directory(), name="crm-test-directory")
    try:
        login(client, agent)
        html = client.get("/crm/tickets/new").get_data(as_text=True)
    finally:
        pm.unregister(name="crm-test-directory")
    assert ("CARE", "Chăm sóc khách hàng", True) in options(html, "department")
