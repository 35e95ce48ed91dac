"""'Your team's deadlines' and the ``?responsible=`` filter: a manager sees exactly their
reports' breached and at-risk records, by person; a department head the department's queue;
every number on the card is the number of records its link lists, and what the badges show.

    SUPPORT (head: boss) ── boss ── lead ─┬─ staff
                                          └─ staff2
    SALES   (head: chief) ── chief ── seller
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from core import records
from core.db import db
from plugins.hr.org import employee_of_user
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import AGENT, move, new_request
from plugins.sla.tests.test_dashboard import _text, desk_agent_role  # noqa: F401

MONDAY_9 = "2026-12-07T09:00"
#: Respond (60 min) of the 09:00 requests broke at 10:00; Resolve (240, warn 80%) at risk
#: from 13:42; requests made at 10:30 have Respond at risk (50% at 11:00) and Resolve on track
LATER = "2026-12-07T13:50"

CHAIN = (
    ("boss", None, "SUPPORT"),
    ("lead", "boss", "SUPPORT"),
    ("staff", "lead", "SUPPORT"),
    ("staff2", "lead", "SUPPORT"),
    ("chief", None, "SALES"),
    ("seller", "chief", "SALES"),
)


@pytest.fixture
def org(sla_app, make_user, desk_agent_role):  # noqa: F811
    """The organisation above, every person a desk agent (managers with ``manager``)."""
    configure(desk_policy())
    users, employees, departments = {}, {}, {}
    for name, _manager, _code in CHAIN:
        roles = [*AGENT, "manager"] if name in ("boss", "lead", "chief") else AGENT
        users[name] = make_user(f"{name}@example.com", roles=roles, name=name.title())
    for code in ("SUPPORT", "SALES"):
        departments[code] = records.create("hr.department", {"code": code, "name": code.title()})
    for name, manager, code in CHAIN:
        employees[name] = records.create(
            "hr.employee",
            {
                "name": name.title(),
                "user_id": users[name],
                "department_id": departments[code].id,
                "manager_id": employees[manager].id if manager else None,
            },
            commit=False,
        )
    for code, head in (("SUPPORT", "boss"), ("SALES", "chief")):
        records.update("hr.department", departments[code], {"head_id": employees[head].id})
    db.session.commit()
    return users


@pytest.fixture
def day(org, clock_at):
    """At 11:00: staff's first request breached (Respond), their second with Respond met;
    staff2's at risk; seller's breached; an unassigned SUPPORT request breached; one of
    staff's done on time."""
    clock_at(MONDAY_9)
    made = {
        "staff_late": new_request(subject="staff late", owner_id=org["staff"], team="SUPPORT"),
        "nobody": new_request(subject="nobody's", owner_id=None, team="SUPPORT"),
        "seller_late": new_request(subject="seller late", owner_id=org["seller"], team="SALES"),
        "staff_done": new_request(subject="staff done", owner_id=org["staff"], team="SUPPORT"),
    }
    move(made["staff_done"], "done")
    clock_at("2026-12-07T10:30")
    made["staff_later"] = new_request(subject="staff later", owner_id=org["staff"], team="SUPPORT")
    made["staff2_risky"] = new_request(subject="risky", owner_id=org["staff2"], team="SUPPORT")
    move(made["staff_later"], "open")  # Respond met; Resolve runs
    clock_at("2026-12-07T11:00")
    db.session.commit()
    return made


def _card(client, login, user_id) -> str:
    login(client, user_id)
    page = client.get("/").get_data(as_text=True)
    for section in re.findall(r'<section[^>]*data-source="sla".*?</section>', page, re.S):
        if "Your team&#39;s deadlines" in section or "Your team's deadlines" in section:
            return section
    return ""


def _links(card: str) -> list[tuple[str, int]]:
    """Each number of the card with the list it links to."""
    found = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>\s*(\d+) records? (?:breached|at risk)', card)
    return [(unescape(url), int(n)) for url, n in found]


def _listed(client, url: str) -> list[int]:
    """The ids the list behind ``url`` shows (through the JSON API, same parameters)."""
    parts = urlsplit(url)
    key = parts.path.strip("/").split("/")[1]
    args = dict(parse_qsl(parts.query), per_page="100")
    answer = client.get(f"/api/v1/{key}", query_string=args)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return sorted(item["id"] for item in answer.get_json()["items"])


def test_a_manager_sees_their_reports_breached_and_at_risk_records_by_person(
    org, day, client, login, clock_at
):
    card = _card(client, login, org["lead"])
    text = _text(card)
    assert "Staff " in text and "Staff2" in text
    assert "Seller" not in text and "Chief" not in text and "Boss" not in text
    assert 'data-scope="department"' not in card  # lead heads no department
    people = re.findall(r'data-group="(\d+)"', card)
    assert people == [str(org["staff"]), str(org["staff2"])]  # by name
    staff = _text(card[card.index(f'data-group="{org["staff"]}"') :])
    assert "Staff 1 record breached · 0 records at risk" in staff
    staff2 = _text(card[card.index(f'data-group="{org["staff2"]}"') :])
    assert "Staff2 0 records breached · 1 record at risk" in staff2


def test_every_number_on_the_card_is_what_its_link_lists(org, day, client, login, clock_at):
    for who in ("lead", "boss", "chief"):
        card = _card(client, login, org[who])
        links = _links(card)
        assert links, who
        for url, number in links:
            assert len(_listed(client, url)) == number, (who, url)


def test_the_filtered_lists_hold_exactly_the_teams_records(org, day, client, login):
    login(client, org["lead"])
    base = "/r/desk.request/?"
    staff = _listed(client, f"{base}responsible={org['staff']}&sla=breached")
    assert staff == [day["staff_late"].id]
    team = _listed(client, f"{base}responsible=team&sla=at_risk")
    assert team == [day["staff2_risky"].id]
    everything = _listed(client, f"{base}responsible=team")
    expected = ("staff_late", "staff_done", "staff_later", "staff2_risky")
    assert everything == sorted(day[name].id for name in expected)
    assert _listed(client, f"{base}responsible=me") == []


def test_a_department_head_sees_the_departments_queue(org, day, client, login):
    card = _card(client, login, org["boss"])
    queue = card[card.index('data-scope="department"') :]
    queue = queue[: queue.index('data-scope="person"')]
    assert "2 records breached" in _text(queue)  # staff late and the unassigned one
    assert "1 record at risk" in _text(queue)
    login(client, org["boss"])
    listed = _listed(client, "/r/desk.request/?responsible=department&sla=breached")
    assert listed == sorted([day["staff_late"].id, day["nobody"].id])
    people = re.findall(r'data-group="(\d+)"', card)
    assert people == [str(org["staff"]), str(org["staff2"])]  # lead has nothing late
    assert "Seller" not in _text(card)


def test_another_teams_member_is_not_a_choice(org, day, client, login):
    login(client, org["lead"])
    answer = client.get(f"/r/desk.request/?responsible={org['seller']}")
    assert answer.status_code == 400
    assert "responsible" in answer.get_data(as_text=True)
    api = client.get("/api/v1/desk.request", query_string={"responsible": org["seller"]})
    assert api.status_code == 422
    assert "responsible" in api.get_json()["fields"]


def test_someone_who_manages_nobody_has_no_team_card(org, day, client, login):
    assert _card(client, login, org["staff"]) == ""


def test_counts_agree_with_badges_when_one_target_is_met_and_one_at_risk(
    org, client, login, clock_at
):
    clock_at(MONDAY_9)
    request = new_request(subject="half done", owner_id=org["staff"], team="SUPPORT")
    clock_at("2026-12-07T09:20")
    move(request, "open")  # Respond met on time
    clock_at(LATER)  # Resolve: 200 of 240 minutes, at risk
    db.session.commit()
    login(client, org["lead"])
    page = client.get(f"/r/desk.request/{request.id}").get_data(as_text=True)
    assert "Respond" in page and "at risk" in page
    assert _listed(client, "/r/desk.request/?sla=at_risk") == [request.id]
    assert _listed(client, "/r/desk.request/?sla=breached") == []
    assert _listed(client, "/r/desk.request/?sla=on_track") == []
    card = _text(_card(client, login, org["lead"]))
    assert "0 records breached · 1 record at risk" in card


def test_hook_team_members(org, sla_app, make_user):
    hook = sla_app.extensions["nhip"].hook
    assert hook.team_members(user_id=org["lead"]) == sorted([org["staff"], org["staff2"]])
    assert hook.team_members(user_id=org["boss"]) == sorted(
        [org["lead"], org["staff"], org["staff2"]]
    )
    assert hook.team_members(user_id=org["staff"]) == []
    assert hook.team_members(user_id=make_user("nobody@example.com")) is None
    employee = employee_of_user(org["staff2"])
    records.update("hr.employee", employee, {"active": False})
    assert hook.team_members(user_id=org["lead"]) == [org["staff"]]


def test_hook_department_members(org, sla_app):
    hook = sla_app.extensions["nhip"].hook
    support = sorted(org[name] for name in ("boss", "lead", "staff", "staff2"))
    assert hook.department_members(department="support") == support
    assert hook.department_members(department="SALES") == sorted([org["chief"], org["seller"]])
    assert hook.department_members(department="NOPE") is None


def test_a_manager_who_may_not_read_the_records_sees_no_count_of_them(
    org, day, client, login, make_user
):
    ghost = make_user("ghost@example.com", roles=["employee", "manager"], name="Ghost")
    boss = employee_of_user(org["boss"])
    mine = records.create("hr.employee", {"name": "Ghost", "user_id": ghost, "manager_id": boss.id})
    helper = make_user("helper@example.com", roles=AGENT, name="Helper")
    records.create("hr.employee", {"name": "Helper", "user_id": helper, "manager_id": mine.id})
    new_request(subject="helper's", owner_id=helper, team="SUPPORT")
    db.session.commit()
    assert _card(client, login, ghost) == ""  # reads no desk request: nothing to count
    assert client.get("/api/v1/desk.request", query_string={"responsible": "team"}).status_code in (
        403,
        404,
    )
