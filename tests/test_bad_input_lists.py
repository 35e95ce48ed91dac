"""Bad list parameters, record ids and ``next`` targets get a 4xx answer naming the problem on
the pages and in the API, never a 500: blank or ill-typed filter values, NUL characters, page
numbers and ids beyond any column."""

from __future__ import annotations

import pytest
from api_lab.fixtures import lab_app_fixture, lab_fixture  # noqa: F401
from ui_support import new_ticket, ui_app  # noqa: F401

LIST = "/r/uitest.ticket/"
HUGE = "99999999999999999999"  # beyond 64 bits


@pytest.fixture
def agent(app, client, make_user, login):
    new_ticket(app, subject="Printer jammed")
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    return client


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("amount=", "Give a value, or leave this filter out."),
        ("opened_at=", "Give a value, or leave this filter out."),
        ("subject=", "Give a value, or leave this filter out."),
        ("amount=abc", "amount"),
        ("opened_at=notadate", "opened_at"),
        ("due=notadate", "due"),
        ("due=99999-01-01", "due"),
        ("urgent=maybe", "urgent"),
        ("priority=nope", "priority"),
        (f"amount={HUGE}", "amount"),
        (f"id={HUGE}", "id"),
        (f"page={HUGE}", "page"),
        ("page=2147483648", "page"),
        (f"per_page={HUGE}", "per_page"),
        ("page=1" + "0" * 5000, "page"),
        ("q=%00", "q"),
        ("subject=a%00b", "subject"),
        ("sort=%00", "sort"),
    ],
)
def test_a_bad_list_parameter_is_a_400_page_naming_it(agent, query, problem):
    response = agent.get(f"{LIST}?{query}")
    assert response.status_code == 400, response.status_code
    assert problem in response.get_data(as_text=True)


def test_a_blank_select_of_the_filter_form_means_all(agent):
    response = agent.get(f"{LIST}?q=&state=&priority=&urgent=&customer_id=&sort=")
    assert response.status_code == 200
    assert "Printer jammed" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        f"/r/uitest.ticket/{HUGE}",
        "/r/uitest.ticket/9223372036854775808",
        "/r/uitest.ticket/2147483648",
        f"/r/uitest.ticket/{HUGE}/edit",
        f"/admin/users/{HUGE}",
    ],
)
def test_an_id_beyond_any_column_is_not_found(app, client, make_user, login, path):
    login(client, make_user("root@x.vn", roles=["admin", "uitest_agent"]))
    assert client.get(path).status_code == 404


def test_posting_to_an_id_beyond_any_column_is_not_found(agent):
    response = agent.post(f"/r/uitest.ticket/{HUGE}/transition", data={"to": "open"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "target", ["/x\r\nSet-Cookie: a=b", "/\x00", "\t//evil.example", "/\x85", "/a\u202eb"]
)
def test_control_characters_in_next_are_a_400_saying_so(agent, target):
    for response in (
        agent.post("/language", data={"language": "en", "next": target}),
        agent.get("/login", query_string={"next": target}),
    ):
        assert response.status_code == 400, response.status_code
        assert "control or invisible characters" in response.get_data(as_text=True)
        assert "Location" not in response.headers


def test_escaped_control_characters_in_next_never_leave_the_site(agent):
    for response in (
        agent.post("/language", data={"language": "en", "next": "/%0d%0a//evil.example"}),
        agent.get("/login", query_string={"next": "/%0d%0a//evil.example"}),
    ):
        assert response.status_code in (302, 303), response.status_code
        assert response.headers["Location"] == "/"


BOSS = ["lab_boss"]


@pytest.mark.parametrize(
    ("query", "field", "problem"),
    [
        ("name=", "name", "give a value, or leave the parameter out"),
        ("kind=", "kind", "give a value"),
        ("state=", "state", "give a value"),
        ("quantity=abc", "quantity", ""),
        ("due_at=notadate", "due_at", ""),
        ("due_on=notadate", "due_on", ""),
        (f"quantity={HUGE}", "quantity", "out of range"),
        (f"page={HUGE}", "page", ""),
        ("page=2147483648", "page", ""),
        (f"per_page={HUGE}", "per_page", ""),
        ("q=%00", "q", "NUL"),
        ("name=a%00", "name", "NUL"),
    ],
)
def test_a_bad_list_parameter_is_a_422_in_the_api(lab, query, field, problem):
    headers = lab.caller("boss@example.com", BOSS)
    response = lab.call("GET", f"/lab.gadget?{query}", headers)
    assert response.status_code == 422, response.json
    assert problem in response.json["fields"][field]


def test_an_id_beyond_any_column_is_not_found_in_the_api(lab):
    headers = lab.caller("boss@example.com", BOSS)
    for path in (f"/lab.gadget/{HUGE}", "/lab.gadget/2147483648"):
        assert lab.call("GET", path, headers).status_code == 404
        assert lab.call("PATCH", path, headers, json={"name": "x"}).status_code == 404
