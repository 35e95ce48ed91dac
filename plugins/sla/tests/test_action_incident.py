"""The ``incident`` action and the ``sla.incident`` records it writes: who they are against,
who may read them (pages, API), that nobody writes them by hand, and the panel on the
person's employee page (HR shows it without knowing SLA exists)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from core.db import db
from core.models import ApiToken, User
from core.translations_build import compile_all
from plugins.sla.escalation.context import DONE
from plugins.sla.models import Incident
from plugins.sla.tests.action_support import build_org, context_for, run
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import new_request


@pytest.fixture
def org(sla_app, make_user):
    configure(desk_policy())
    return build_org(make_user, readers=False)  # some pages here are seen by non-readers


def _late(clock_at, owner, team="SUPPORT", subject="Printer on fire"):
    clock_at("2026-12-07T09:00")
    request = new_request(owner_id=owner, team=team, subject=subject)
    clock_at("2026-12-07T18:30")
    return request


def _record(clock_at, owner, config=None, **request) -> Incident:
    late = _late(clock_at, owner, **request)
    (outcome,) = run(context_for(late, percent=150), {"type": "incident", **(config or {})})
    assert outcome.status == DONE
    db.session.commit()
    return db.session.get(Incident, outcome.detail["incident_id"])


def test_an_incident_is_recorded_against_the_responsible_person(org, clock_at):
    late = _late(clock_at, org.users["staff"])
    context = context_for(late, percent=150)
    (outcome,) = run(context, {"type": "incident", "severity": "major", "bonus_impact": True})
    assert outcome.detail["user_id"] == org.users["staff"]
    incident = db.session.get(Incident, outcome.detail["incident_id"])
    assert incident.user_id == org.users["staff"]
    assert incident.department == "SUPPORT"
    assert (incident.entity, incident.record_id) == ("desk.request", late.id)
    assert (incident.target, incident.cycle, incident.level) == ("Resolve", 1, 150)
    assert (incident.severity, incident.bonus_impact) == ("major", True)
    assert incident.escalation_id == context.escalation.id


def test_an_incident_is_minor_and_without_bonus_impact_unless_configured(org, clock_at):
    incident = _record(clock_at, org.users["staff"])
    assert (incident.severity, incident.bonus_impact) == ("minor", False)


def test_the_department_is_the_persons_when_the_record_has_none(org, clock_at):
    incident = _record(clock_at, org.users["staff"], team=None)
    assert incident.department == "SUPPORT"


def test_a_record_without_anyone_responsible_still_leaves_its_incident(org, clock_at):
    incident = _record(clock_at, None)
    assert incident.user_id is None and incident.department == "SUPPORT"


def test_incidents_are_a_record_type_with_a_title(org, clock_at, app):
    incident = _record(clock_at, org.users["staff"])
    entity = app.extensions["nhip"].entities.get("sla.incident")
    assert entity.title_of(incident) == "Incident: Resolve on Printer on fire"
    assert not any(f.editable for f in entity.fields)
    assert not entity.has_states


def _page(client, login, user_id: int, path: str) -> str:
    """``path`` as ``user_id`` sees it. The request gets an application context of its own:
    it would otherwise share the test's, and with it what the previous request cached in
    ``g`` (the previous viewer and their permissions)."""
    login(client, user_id)
    with client.application.app_context():
        response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.fixture
def incidents(org, clock_at, make_user):
    """One incident of ``staff`` (major, on "Printer on fire") and one of ``lead``."""
    staff = _record(
        clock_at,
        org.users["staff"],
        {"severity": "major", "bonus_impact": True},
    )
    lead = _record(clock_at, org.users["lead"], subject="Scanner jammed")
    return {"staff": staff.id, "lead": lead.id}


def test_managers_see_everyones_incidents_others_only_their_own(org, incidents, client, login):
    everyone = _page(client, login, org.users["boss"], "/r/sla.incident/")
    assert f"/r/sla.incident/{incidents['staff']}" in everyone
    assert f"/r/sla.incident/{incidents['lead']}" in everyone
    own = _page(client, login, org.users["staff"], "/r/sla.incident/")
    assert f"/r/sla.incident/{incidents['staff']}" in own
    assert f"/r/sla.incident/{incidents['lead']}" not in own
    login(client, org.users["staff"])
    with client.application.app_context():
        assert client.get(f"/r/sla.incident/{incidents['lead']}").status_code == 404


def _token(user_id: int) -> dict[str, str]:
    row, clear = ApiToken.issue(db.session.get(User, user_id), "test")
    db.session.add(row)
    db.session.commit()
    return {"Authorization": f"Bearer {clear}"}


def _api(client, method: str, path: str, user_id: int, **kwargs):
    headers = _token(user_id)
    with client.application.app_context():
        return client.open("/api/v1" + path, method=method, headers=headers, **kwargs)


def test_the_api_lists_incidents_in_the_same_scope(org, incidents, client):
    answer = _api(client, "GET", "/sla.incident", org.users["staff"])
    assert answer.status_code == 200
    assert [item["id"] for item in answer.json["items"]] == [incidents["staff"]]
    assert answer.json["items"][0]["severity"] == "major"
    answer = _api(client, "GET", f"/sla.incident?user_id={org.users['lead']}", org.users["boss"])
    assert [item["id"] for item in answer.json["items"]] == [incidents["lead"]]


def test_nobody_writes_an_incident_by_hand(org, incidents, client, login, make_user):
    admin = make_user("sla-admin@example.com", roles=["sla_admin"])
    assert _api(client, "POST", "/sla.incident", admin, json={}).status_code == 405
    path = f"/sla.incident/{incidents['staff']}"
    assert _api(client, "PATCH", path, admin, json={"severity": "minor"}).status_code == 405
    login(client, admin)
    with client.application.app_context():
        answer = client.post("/r/sla.incident/new", data={})
    assert answer.status_code == 405
    assert "cannot be created or changed" in answer.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(Incident.id))).scalar_one() == 2


def _employee_id(user_id: int, app) -> int:
    model = app.extensions["nhip"].entities.get("hr.employee").model
    return db.session.execute(db.select(model.id).where(model.user_id == user_id)).scalar_one()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_employee_page_shows_the_persons_incidents(
    org, incidents, client, login, app, make_user
):
    reader = make_user("reader@example.com", roles=["employee", "manager", "desk_agent"])
    staff_page = f"/r/hr.employee/{_employee_id(org.users['staff'], app)}"
    html = _page(client, login, reader, staff_page)
    assert "SLA incidents" in html
    panel = html[html.index("sla-incidents") :]
    incident = db.session.get(Incident, incidents["staff"])
    assert f'href="/r/desk.request/{incident.record_id}"' in panel
    assert "Printer on fire" in panel and "Scanner jammed" not in panel
    assert "Major" in _text(panel) and "Yes" in _text(panel)
    assert f"/r/sla.incident/?user_id={org.users['staff']}" in panel


def test_the_employee_page_names_no_record_its_viewer_may_not_read(
    org, incidents, client, login, app
):
    staff_page = f"/r/hr.employee/{_employee_id(org.users['staff'], app)}"
    html = _page(client, login, org.users["lead"], staff_page)  # a manager, no desk.read
    panel = html[html.index("sla-incidents") :]
    incident = db.session.get(Incident, incidents["staff"])
    assert "Printer on fire" not in panel and "/r/desk.request/" not in panel
    assert f"Request #{incident.record_id}" in panel


def test_only_those_who_may_read_them_see_someones_incidents(
    org, incidents, client, login, app, make_user
):
    staff_page = f"/r/hr.employee/{_employee_id(org.users['staff'], app)}"
    assert "sla-incidents" in _page(client, login, org.users["staff"], staff_page)
    colleague = make_user("peer@example.com", roles=["employee"])
    assert "sla-incidents" not in _page(client, login, colleague, staff_page)


def test_a_person_without_incidents_has_no_panel(org, incidents, client, login, app):
    boss_page = f"/r/hr.employee/{_employee_id(org.users['boss'], app)}"
    assert "sla-incidents" not in _page(client, login, org.users["boss"], boss_page)


def test_the_panel_in_vietnamese(org, incidents, client, login, app):
    compile_all()
    db.session.get(User, org.users["lead"]).language = "vi"
    db.session.commit()
    staff_page = f"/r/hr.employee/{_employee_id(org.users['staff'], app)}"
    text = _text(_page(client, login, org.users["lead"], staff_page))
    assert "Sự cố SLA" in text and "Nghiêm trọng" in text and "Mở danh sách sự cố" in text


def _about(html: str) -> str:
    """The "Missed deadline" panel of an incident's page."""
    start = html.index("sla-incident-about")
    return html[start : html.index("</dl>", start)]


def test_an_incidents_page_links_the_record_it_is_about(org, incidents, client, login, make_user):
    admin = make_user("root@example.com", roles=["admin"])
    incident = db.session.get(Incident, incidents["staff"])
    panel = _about(_page(client, login, admin, f"/r/sla.incident/{incident.id}"))
    assert f'<a href="/r/desk.request/{incident.record_id}">Printer on fire</a>' in panel
    assert "Request" in _text(panel)  # the record's type
    assert "Staff" in _text(panel)  # the person, by name
    assert "Resolve, at 150% of the goal" in _text(panel)


def test_the_record_is_neither_named_nor_linked_for_those_who_may_not_open_it(
    org, incidents, client, login
):
    incident = db.session.get(Incident, incidents["staff"])
    panel = _about(_page(client, login, org.users["boss"], f"/r/sla.incident/{incident.id}"))
    assert "Printer on fire" not in panel
    assert f"Request #{incident.record_id}" in panel
    assert "/r/desk.request/" not in panel


def test_the_incident_list_shows_the_newest_first(org, client, login):
    times = ["2026-12-01T09:00:00+07:00", "2026-12-03T09:00:00+07:00", "2026-12-02T09:00:00+07:00"]
    rows = [
        Incident(
            user_id=org.users["staff"],
            entity="desk.request",
            record_id=1,
            target="Resolve",
            cycle=1,
            level=150,
            created_at=datetime.fromisoformat(when),
        )
        for when in times
    ]
    db.session.add_all(rows)
    db.session.commit()
    html = _page(client, login, org.users["boss"], "/r/sla.incident/")
    listed = [int(i) for i in re.findall(r'data-record="(\d+)"', html)]
    assert listed == [rows[1].id, rows[2].id, rows[0].id]
    header = _text(html[html.index("<thead") : html.index("</thead>")])
    assert header.split() == "When ▼ Person Target Severity Bonus impact".split()
