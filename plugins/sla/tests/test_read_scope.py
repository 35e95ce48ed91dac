"""SLA pages show only records their viewer may read (the type's read permission and its
``visible`` scope), and a policy is written only by someone who may read every record of its
type: neither the preview, the counts, the incidents nor a policy's conditions may tell anyone
about a record they cannot open."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from core import records
from core.db import db
from plugins.sla.models import Incident
from plugins.sla.switches import set_tracking
from plugins.sla.tests.conftest import ALWAYS, OFFICE, configure, desk_policy
from plugins.sla.tests.helpers import new_request

SECRET = "Salary dispute of Mr. Hoa"


@pytest.fixture
def blind_admin(sla_app, client, make_user, login):
    """An SLA administrator who may not read desk requests."""
    login(client, make_user("blind@example.com", roles=["sla_admin"]))
    return client


@pytest.fixture
def leave(sla_app, make_user) -> dict:
    """Two employees, one with a login (``own``) and one leave request of the other's
    (``theirs``), which the login's holder may not read (leave is scoped to one's team)."""
    user = make_user("an@example.com", roles=["employee", "sla_admin"], name="An")
    mine = records.create("hr.employee", {"name": "An", "user_id": user})
    other = records.create("hr.employee", {"name": "Bình"})
    theirs = records.create(
        "hr.leave_request",
        {
            "employee_id": other.id,
            "first_day": date(2026, 12, 7),
            "last_day": date(2026, 12, 7),
            "reason": SECRET,
        },
    )
    own = records.create(
        "hr.leave_request",
        {"employee_id": mine.id, "first_day": date(2026, 12, 8), "last_day": date(2026, 12, 8)},
    )
    db.session.commit()
    return {"user": user, "theirs": theirs.id, "own": own.id}


# -- the preview ------------------------------------------------------------------------------
def test_the_preview_offers_no_type_the_viewer_may_not_read(blind_admin):
    configure(desk_policy())
    request = new_request(subject=SECRET)
    first = blind_admin.get("/sla/preview").get_data(as_text=True)
    assert 'value="desk.request"' not in first
    page = blind_admin.get(f"/sla/preview?entity=desk.request&record_id={request.id}")
    html = page.get_data(as_text=True)
    assert SECRET not in html and "data-policy" not in html


def test_the_preview_of_a_record_outside_ones_scope_answers_as_a_missing_one(
    sla_app, client, login, leave
):
    login(client, leave["user"])
    hidden = client.get(f"/sla/preview?entity=hr.leave_request&record_id={leave['theirs']}")
    missing = client.get("/sla/preview?entity=hr.leave_request&record_id=987654")
    for html in (hidden.get_data(as_text=True), missing.get_data(as_text=True)):
        assert "There is no such record." in html
        assert 'id="preview"' not in html
        assert SECRET not in html and "Bình" not in html


def test_the_preview_lists_only_records_in_ones_scope(sla_app, client, login, leave):
    login(client, leave["user"])
    html = client.get("/sla/preview?entity=hr.leave_request").get_data(as_text=True)
    assert f'value="{leave["own"]}"' in html
    assert f'value="{leave["theirs"]}"' not in html


# -- policies: no condition as an oracle ------------------------------------------------------
def _policy_form(entity: str, conditions: dict, stop: str = "approved") -> dict:
    return {
        "name": "Probe",
        "entity": entity,
        "order": "1",
        "calendar": "24/7",
        "on_change": "carry_over",
        "active": "1",
        "conditions": json.dumps(conditions),
        "targets": json.dumps(
            [{"name": "Decide", "start": ["created"], "stop": [stop], "minutes": 1}]
        ),
    }


def test_a_policy_on_records_one_may_not_all_read_is_refused(sla_app, client, login, leave):
    configure()
    login(client, leave["user"])
    probe = {"field": "reason", "op": "contains", "value": "Salary"}
    answer = client.post("/sla/policies/new", data=_policy_form("hr.leave_request", probe))
    assert answer.status_code == 422
    assert "you may not read every record of Leave requests" in answer.get_data(as_text=True)
    assert client.get("/sla/policies").get_data(as_text=True).count("Probe") == 0


def test_a_policy_on_an_unreadable_type_is_refused(blind_admin):
    configure()
    answer = blind_admin.post("/sla/policies/new", data=_policy_form("desk.request", {}, "done"))
    assert answer.status_code == 422
    assert "you may not read every record of Requests" in answer.get_data(as_text=True)


def test_an_imported_policy_one_may_not_write_is_refused_with_its_place(blind_admin):
    document = {"calendars": [OFFICE, ALWAYS], "policies": [desk_policy()]}
    upload = {"file": (io.BytesIO(json.dumps(document).encode()), "sla.json")}
    answer = blind_admin.post("/sla/config", data=upload, content_type="multipart/form-data")
    assert answer.status_code == 422
    assert "policies[0].entity: you may not read every record" in answer.get_data(as_text=True)


def test_an_officer_who_reads_every_leave_request_may_write_one(sla_app, client, login, make_user):
    configure()
    officer = make_user("hong@example.com", roles=["hr_officer", "sla_admin"])
    login(client, officer)
    answer = client.post("/sla/policies/new", data=_policy_form("hr.leave_request", {}))
    assert answer.status_code == 302


# -- counts and incidents ---------------------------------------------------------------------
def test_the_overview_counts_only_readable_records(blind_admin):
    configure(desk_policy())
    new_request()
    html = blind_admin.get("/sla/").get_data(as_text=True)
    block = html.split('data-entity="desk.request"')[1].split("</li>")[0]
    assert "0 running" in block


def test_the_home_card_counts_only_readable_records(sla_app, blind_admin, clock_at):
    clock_at("2026-12-07 08:00")
    configure(desk_policy())
    new_request()
    clock_at("2026-12-08 08:00")
    html = blind_admin.get("/").get_data(as_text=True)
    assert "Requests" not in html.split("Your deadlines")[-1].split("</section>")[0]


@pytest.fixture
def incident(sla_app) -> tuple[int, int]:
    """An incident about a desk request whose subject is secret: (incident id, request id)."""
    set_tracking("desk.request", True)
    request = new_request(subject=SECRET)
    row = Incident(
        user_id=None,
        entity="desk.request",
        record_id=request.id,
        target="Resolve",
        cycle=1,
        level=100.0,
    )
    db.session.add(row)
    db.session.commit()
    return row.id, request.id


def test_an_incident_does_not_name_a_record_its_viewer_may_not_read(
    client, login, make_user, incident
):
    incident_id, request_id = incident
    login(client, make_user("manager@example.com", roles=["manager"]))
    page = client.get(f"/r/sla.incident/{incident_id}").get_data(as_text=True)
    listed = client.get("/r/sla.incident/").get_data(as_text=True)
    api = client.get(f"/api/v1/sla.incident/{incident_id}").get_data(as_text=True)
    for html in (page, listed, api):
        assert SECRET not in html
    assert f"Request #{request_id}" in page


def test_an_incident_names_a_record_its_viewer_may_read(client, login, make_user, incident):
    incident_id, _request_id = incident
    login(client, make_user("agent@example.com", roles=["manager", "desk_agent"]))
    assert SECRET in client.get(f"/r/sla.incident/{incident_id}").get_data(as_text=True)
