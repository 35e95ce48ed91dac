"""The support "My tickets" card: the most urgent first (the ticket list's default order, by
SLA deadline when tickets are tracked), each with its badges, and "8 of 11" when it shows
only some."""

from __future__ import annotations

import re

import pytest

from core import records
from plugins.sla.testing import ALWAYS


def _card(client, login, user_id) -> str:
    login(client, user_id)
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<section[^>]*data-source="crm".*?</section>', page, re.S)
    assert found, "no My tickets card"
    return found.group(0)


def _policy(name: str, order: int, minutes: int, conditions=None) -> dict:
    return {
        "name": name,
        "entity": "crm.ticket",
        "order": order,
        "calendar": "Always",
        "conditions": conditions or {},
        "targets": [
            {
                "name": "Resolve",
                "start": ["created"],
                "stop": ["resolved", "closed"],
                "minutes": minutes,
                "warn": [80],
            }
        ],
    }


@pytest.fixture
def tracked_tickets(sla_load, sla_track):
    """Urgent tickets are resolved within an hour, the others within eight."""
    urgent = {"all": [{"field": "priority", "op": "eq", "value": "urgent"}]}
    sla_load(
        {
            "calendars": [ALWAYS],
            "policies": [
                _policy("Urgent tickets", 10, 60, urgent),
                _policy("Tickets", 100, 480),
            ],
        }
    )
    sla_track("crm.ticket")


def test_the_most_urgent_ticket_comes_first_with_its_badge(
    app, client, login, agent, new_ticket, tracked_tickets, clock
):
    clock.set("2026-12-07 09:00")
    calm = new_ticket(subject="Calm", assignee_id=agent)  # due 17:00
    clock.set("2026-12-07 10:00")
    burning = new_ticket(subject="Burning", assignee_id=agent, priority="urgent")  # 11:00
    clock.set("2026-12-07 10:30")
    later = new_ticket(subject="Later", assignee_id=agent)  # 18:30
    smoking = new_ticket(subject="Smoking", assignee_id=agent, priority="urgent")  # 11:30
    clock.set("2026-12-07 10:50")
    card = _card(client, login, agent)
    shown = [int(n) for n in re.findall(r'data-ticket="(\d+)"', card)]
    assert shown == [burning, smoking, calm, later]
    badges = re.search(rf'data-badges="{burning}">(.*?)</div>', card, re.S)
    assert badges and "Resolve: at risk, 10m left" in re.sub(r"\s+", " ", badges[1])
    assert " of " not in re.sub(r"<[^>]+>", " ", card)  # every ticket is shown


def test_a_full_card_says_how_many_it_shows_of_how_many(
    app, client, login, agent, new_ticket, new_customer
):
    customer = new_customer()
    made = [new_ticket(customer, subject=f"Ticket {n}", assignee_id=agent) for n in range(11)]
    with app.app_context():
        records.transition(
            "crm.ticket", records.get_record("crm.ticket", made[0]), "resolved", agent
        )
    card = _card(client, login, agent)
    assert len(re.findall(r'data-ticket="\d+"', card)) == 8
    shown = re.search(r"data-shown>([^<]+)<", card)
    assert shown and shown[1] == "8 of 10"
    assert 'href="/crm/my-tickets"' in card


def test_in_vietnamese_the_card_says_8_tren_10(
    app, client, login, make_user, new_ticket, new_customer
):
    agent = make_user("hoa@example.vn", ["employee", "support"], name="Hoa", language="vi")
    customer = new_customer()
    for n in range(10):
        new_ticket(customer, subject=f"Phiếu {n}", assignee_id=agent)
    card = _card(client, login, agent)
    shown = re.search(r"data-shown>([^<]+)<", card)
    assert shown and shown[1] == "8 trên 10"
