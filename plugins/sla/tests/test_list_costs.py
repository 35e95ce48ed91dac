"""What SLA adds to every list of a tracked type: the viewer's team (the org directory) is
looked up only when the ``responsible`` filter's choices are needed, and the urgency order
(the default) stays out of the statement that counts the list's records.

The organisation is ``test_team``'s: boss heads SUPPORT and manages lead, who manages staff.
"""

from __future__ import annotations

from plugins.sla.tests.test_badge_queries import statements
from plugins.sla.tests.test_dashboard import desk_agent_role  # noqa: F401
from plugins.sla.tests.test_team import day, org  # noqa: F401

API_LIST = "/api/v1/desk.request"


def org_reads(sent: list[str]) -> list[str]:
    """The statements that read the organisation (HR's employees and departments)."""
    return [s for s in sent if "hr_employee" in s or "hr_department" in s]


def test_an_api_list_does_not_look_up_the_viewers_team(org, day, client, login):  # noqa: F811
    login(client, org["boss"])
    client.get(API_LIST)  # warm: first-request work is not what is counted
    with statements() as plain:
        answer = client.get(API_LIST)
    assert answer.status_code == 200 and answer.json["items"]
    assert org_reads(plain) == [], "no filter asked for: the team is not looked up"
    with statements() as filtered:
        team = client.get(API_LIST, query_string={"responsible": "team"})
    assert team.status_code == 200
    assert org_reads(filtered), "the team filter asks the directory"
    assert {item["id"] for item in team.json["items"]} <= {
        item["id"] for item in answer.json["items"]
    }


def test_the_list_page_still_offers_the_viewers_team(org, day, client, login):  # noqa: F811
    login(client, org["lead"])
    page = client.get("/r/desk.request/").get_data(as_text=True)
    assert 'value="team"' in page and ">Staff<" in page


def test_the_urgency_order_is_not_part_of_the_count(org, day, client, login):  # noqa: F811
    login(client, org["boss"])
    client.get(API_LIST)
    with statements() as sent:
        answer = client.get(API_LIST)
    assert answer.status_code == 200
    counts = [s for s in sent if "count(*)" in s.lower() and "desk_request" in s]
    assert len(counts) == 1, counts
    assert "sla_clock" not in counts[0], counts[0]


def test_hook_departments_headed(org, sla_app):  # noqa: F811
    hook = sla_app.extensions["nhip"].hook
    assert hook.departments_headed(user_id=org["boss"]) == ["SUPPORT"]
    assert hook.departments_headed(user_id=org["chief"]) == ["SALES"]
    assert hook.departments_headed(user_id=org["lead"]) == []


def test_a_list_page_asks_the_directory_for_the_headed_departments_once(
    org,  # noqa: F811
    day,  # noqa: F811
    client,
    login,
):
    login(client, org["boss"])
    with statements() as sent:  # the first list: the team is then kept for the request
        page = client.get("/r/desk.request/").get_data(as_text=True)
    assert 'value="department"' in page, "boss heads SUPPORT: the queue is a choice"
    heads = [s for s in sent if "hr_department" in s and "head_id" in s]
    assert len(heads) == 1, heads
