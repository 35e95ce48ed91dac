"""The home page card "Your deadlines": the viewer's breached and at-risk records per tracked
type, everyone's for SLA admins, a friendly line when all is on track."""

from __future__ import annotations

import re

import pytest

from core.auth import Role
from core.db import db
from core.hookmarkers import hookimpl
from plugins.sla.dashboard import deadline_counts
from plugins.sla.switches import set_tracking
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import move, new_request
from plugins.sla.tests.test_badges import counted_queries


class DeskRoles:
    @hookimpl
    def register_roles(self):
        return [Role("desk_agent", "Desk agent", frozenset({"desk.read", "desk.write"}))]


@pytest.fixture
def desk_agent_role(sla_app):
    host = sla_app.extensions["nhip"]
    host.live.pm.register(DeskRoles(), name="desk-roles")
    host.live.cache.clear()
    yield
    host.live.pm.unregister(name="desk-roles")
    host.live.cache.clear()


@pytest.fixture
def people(sla_app, make_user, desk_agent_role):
    return {
        "minh": make_user("minh@example.com", roles=["desk_agent"]),
        "lan": make_user("lan@example.com", roles=["desk_agent"]),
        "boss": make_user("boss@example.com", roles=["desk_agent", "sla_admin"]),
        "clerk": make_user("clerk@example.com", roles=["employee"]),
    }


def _card(client, login, user_id) -> str:
    login(client, user_id)
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<section[^>]*data-source="sla".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _day_of_requests(people, clock_at):
    """Minh: two breached requests and one at risk; Lan: one breached."""
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    new_request(subject="late 1", owner_id=people["minh"])
    new_request(subject="late 2", owner_id=people["minh"])
    new_request(subject="late 3", owner_id=people["lan"])
    clock_at("2026-12-07T09:45")
    new_request(subject="risky", owner_id=people["minh"])
    clock_at("2026-12-07T10:20")  # the first three are past Respond (10:00); risky at 35/60


def test_the_card_counts_the_viewers_breached_and_at_risk_records(
    sla_app, client, login, people, clock_at
):
    _day_of_requests(people, clock_at)
    card = _card(client, login, people["minh"])
    assert "Your deadlines" in card
    assert "Requests" in _text(card)
    mine = r'href="/r/desk.request/\?responsible=me&amp;sla=%s"[^>]*>\s*%s'
    assert re.search(mine % ("breached", "2 records breached"), card)
    assert re.search(mine % ("at_risk", "1 record at risk"), card)
    assert "Across everyone" not in card


def test_a_record_counts_under_each_status_its_targets_show(
    sla_app, client, login, people, clock_at
):
    _day_of_requests(people, clock_at)
    clock_at("2026-12-07T13:50")  # late 1-3: Respond breached and Resolve at risk (200/240)
    mine, everyone = deadline_counts(people["minh"])["desk.request"]
    assert (mine.breached, mine.at_risk) == (3, 2)  # risky: Respond breached, Resolve on track
    assert (everyone.breached, everyone.at_risk) == (4, 3)
    card = _text(_card(client, login, people["minh"]))
    assert "3 records breached" in card and "2 records at risk" in card


def test_someone_with_nothing_late_reads_that_all_is_on_track(
    sla_app, client, login, people, clock_at
):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request(owner_id=people["lan"])
    move(request, "done")
    card = _text(_card(client, login, people["lan"]))
    assert "All your deadlines are on track." in card
    assert "breached" not in card


def test_an_sla_admin_also_sees_everyones_totals(sla_app, client, login, people, clock_at):
    _day_of_requests(people, clock_at)
    card = _card(client, login, people["boss"])
    text = _text(card)
    assert "All your deadlines are on track." in text  # the boss owns no request
    assert "Across everyone:" in text
    everyone = card[card.index('data-scope="everyone"') :]
    assert re.search(r'sla=breached"[^>]*>\s*3 records breached', everyone)
    assert re.search(r'sla=at_risk"[^>]*>\s*1 record at risk', everyone)


def test_a_type_switched_off_is_not_counted(sla_app, client, login, people, clock_at):
    _day_of_requests(people, clock_at)
    set_tracking("desk.request", False)
    db.session.commit()
    assert deadline_counts(people["minh"]) == {}
    assert "breached" not in _text(_card(client, login, people["minh"]))


def test_no_card_for_someone_who_reads_no_tracked_type(sla_app, client, login, people, clock_at):
    _day_of_requests(people, clock_at)
    assert _card(client, login, people["clerk"]) == ""


def test_the_counts_take_one_query_whatever_the_number_of_types(sla_app, people, clock_at):
    _day_of_requests(people, clock_at)
    with counted_queries() as one_type:
        deadline_counts(people["minh"])
    for key in ("crm.lead", "crm.ticket", "hr.leave_request", "orders.sales_order"):
        set_tracking(key, True)
    db.session.flush()
    with counted_queries() as five_types:
        deadline_counts(people["minh"])
    assert len(one_type) == len(five_types) == 1


def test_the_cards_numbers_take_one_query_whatever_the_number_of_types(sla_app, people, clock_at):
    from core.models import User
    from plugins.sla.record_status import late_records

    _day_of_requests(people, clock_at)
    registry = sla_app.extensions["nhip"].entities
    boss = db.session.get(User, people["boss"])
    keys = ("desk.request", "crm.lead", "crm.ticket", "hr.leave_request", "orders.sales_order")
    with counted_queries() as five_types:
        found = late_records([registry.get(k) for k in keys], boss)
    assert len(five_types) == 1
    assert (found[("desk.request", None)].breached, found[("desk.request", None)].at_risk) == (3, 1)
