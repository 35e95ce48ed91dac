"""The SLA admin pages: switches, calendars, policies, preview and import/export."""

from __future__ import annotations

import io
import json

import pytest

from core.db import db
from plugins.sla.models import Calendar, Policy
from plugins.sla.switches import is_tracked
from plugins.sla.tests.conftest import OFFICE, configure, desk_policy
from plugins.sla.tests.helpers import new_request


@pytest.fixture
def admin(sla_app, client, make_user, login):
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent"]))
    return client


PAGES = [
    "/sla/",
    "/sla/policies",
    "/sla/calendars",
    "/sla/preview",
    "/sla/config",
    "/sla/policies/new",
    "/sla/calendars/new",
    "/sla/config.json",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_sla_admin(sla_app, client, make_user, login, path):
    login(client, make_user("clerk@example.com", roles=["employee"]))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_for_an_sla_admin(admin, path):
    configure(desk_policy())
    assert admin.get(path).status_code == 200


def test_switching_tracking_on_and_off(admin):
    page = admin.get("/sla/").get_data(as_text=True)
    assert 'data-entity="desk.request"' in page
    admin.post("/sla/switches", data={"entity": "desk.request", "enabled": "1"})
    assert is_tracked("desk.request")
    asked = admin.post("/sla/switches", data={"entity": "desk.request", "enabled": "0"})
    assert "Switch SLA tracking off for" in asked.get_data(as_text=True)
    assert is_tracked("desk.request")  # not before it is confirmed
    admin.post("/sla/switches", data={"entity": "desk.request", "enabled": "0", "confirm": "1"})
    assert not is_tracked("desk.request")


def test_calendar_form_lists_problems_and_saves_nothing(admin):
    response = admin.post(
        "/sla/calendars/new",
        data={"name": "Night shift", "timezone": "Asia/Ho_Chi_Minh", "week_mon": "22:00-06:00"},
    )
    assert response.status_code == 422
    assert "nothing was saved" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Calendar)).first() is None


def test_calendar_form_creates_a_calendar(admin):
    response = admin.post(
        "/sla/calendars/new",
        data={
            "name": "Hanoi",
            "timezone": "Asia/Ho_Chi_Minh",
            "country": "vn",
            "week_mon": "08:00-12:00, 13:00-17:00",
            "holidays": "2026-12-24",
        },
    )
    assert response.status_code == 302
    calendar = db.session.execute(db.select(Calendar)).scalar_one()
    assert (calendar.country, calendar.week["mon"], calendar.holidays) == (
        "VN",
        ["08:00-12:00", "13:00-17:00"],
        ["2026-12-24"],
    )


def test_policy_form_reports_bad_json_and_unknown_states(admin):
    configure()
    form = {
        "name": "P",
        "entity": "desk.request",
        "order": "10",
        "calendar": "VN office",
        "on_change": "restart",
        "active": "1",
        "conditions": "{",
        "targets": "[]",
    }
    page = admin.post("/sla/policies/new", data=form)
    assert page.status_code == 422
    assert "conditions: not valid JSON" in page.get_data(as_text=True)
    form["conditions"] = "{}"
    form["targets"] = json.dumps(
        [{"name": "T", "start": ["created"], "stop": ["finished"], "minutes": 60}]
    )
    text = admin.post("/sla/policies/new", data=form).get_data(as_text=True)
    assert "targets[0].stop: &#39;finished&#39; is not a state of desk.request" in text


def test_editing_a_policy_in_the_page_makes_a_new_version(admin):
    configure(desk_policy())
    policy = db.session.execute(db.select(Policy)).scalar_one()
    definition = desk_policy()
    definition["targets"][0]["minutes"] = 90
    response = admin.post(
        f"/sla/policies/{policy.id}/edit",
        data={
            "name": "Desk standard",
            "entity": "desk.request",
            "order": "100",
            "calendar": "VN office",
            "on_change": "carry_over",
            "active": "1",
            "conditions": "{}",
            "targets": json.dumps(definition["targets"]),
        },
    )
    assert response.status_code == 302
    page = admin.get(f"/sla/policies/{policy.id}").get_data(as_text=True)
    assert 'data-version="2"' in page and 'data-version="1"' in page


def test_preview_names_the_policy_and_its_deadlines(admin, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    page = admin.get(f"/sla/preview?entity=desk.request&record_id={request.id}")
    text = page.get_data(as_text=True)
    assert 'data-policy="Desk standard"' in text
    assert 'data-target="Respond"' in text and 'data-target="Resolve"' in text
    missing = admin.get("/sla/preview?entity=desk.request&record_id=999").get_data(as_text=True)
    assert "There is no such record." in missing


def test_import_page_lists_problems(admin):
    bad = json.dumps({"calendars": [{**OFFICE, "timezone": "Mars/Olympus"}]}).encode()
    response = admin.post(
        "/sla/config",
        data={"file": (io.BytesIO(bad), "sla.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "calendars[0]:" in response.get_data(as_text=True)


def test_export_download_is_the_import_format(admin):
    configure(desk_policy())
    doc = json.loads(admin.get("/sla/config.json").get_data(as_text=True))
    assert [c["name"] for c in doc["calendars"]] == ["24/7", "VN office"]
    assert doc["policies"][0]["name"] == "Desk standard"


def test_the_days_off_example_reads_as_an_example(admin):
    page = admin.get("/sla/calendars/new").get_data(as_text=True)
    assert 'placeholder="e.g. 2026-12-24"' in page
    assert 'placeholder="2026-12-24"' not in page
