"""A ``read_only`` entity type (``uitest.archive``: the help-desk tickets, every field editable
and with a workflow, but flagged): the generic pages and the JSON API show its records and
offer no create, edit, transition or note, even to holders of its write permission."""

import pytest
from ui_support import new_ticket, text_of, ticket_state, ui_app  # noqa: F401

from core.db import db
from core.models import ApiToken, AuditEntry, User

LIST = "/r/uitest.archive/"
PAGE = "/r/uitest.archive/{}"
REFUSAL = "Archived tickets are written by the application itself"


@pytest.fixture
def lead(app, client, make_user, login):
    """A signed-in lead: every uitest permission, closing included."""
    uid = make_user("lead@x.vn", roles=["uitest_lead"])
    login(client, uid)
    return uid


def _api(app, client, uid, method, path, **kwargs):
    with app.app_context():
        row, clear = ApiToken.issue(db.session.get(User, uid), "test")
        db.session.add(row)
        db.session.commit()
    headers = {"Authorization": f"Bearer {clear}"}
    return client.open("/api/v1" + path, method=method, headers=headers, **kwargs)


def _audit_count(app) -> int:
    with app.app_context():
        return db.session.execute(db.select(db.func.count(AuditEntry.id))).scalar_one()


def test_the_list_page_offers_no_new_button(app, client, lead):
    ticket = new_ticket(app, subject="Printer")
    page = client.get(LIST).data.decode()
    assert PAGE.format(ticket) in page
    assert "/r/uitest.archive/new" not in page
    assert "/r/uitest.ticket/new" in client.get("/r/uitest.ticket/").data.decode()


def test_the_record_page_offers_no_edit_transition_or_note(app, client, lead):
    ticket = new_ticket(app, subject="Printer")
    page = client.get(PAGE.format(ticket)).data.decode()
    assert "Printer" in text_of(page)
    assert 'id="record-edit"' not in page
    assert 'id="record-actions"' not in page and "data-transition" not in page
    assert 'id="note-form"' not in page
    assert 'id="note-form"' in client.get(f"/r/uitest.ticket/{ticket}").data.decode()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_create_and_edit_pages_answer_405_saying_why(app, client, lead, method):
    ticket = new_ticket(app, subject="Printer")
    for path in (LIST + "new", PAGE.format(ticket) + "/edit"):
        answer = client.open(path, method=method, data={"subject": "Changed"})
        assert answer.status_code == 405, path
        assert REFUSAL in text_of(answer.data)
    assert _audit_count(app) == 1  # the ticket's creation only


def test_moving_or_annotating_a_record_is_refused_with_405(app, client, lead):
    ticket = new_ticket(app, subject="Printer")
    moved = client.post(PAGE.format(ticket) + "/transition", data={"to": "open"})
    assert moved.status_code == 405 and REFUSAL in text_of(moved.data)
    noted = client.post(PAGE.format(ticket) + "/note", data={"note": "hello"})
    assert noted.status_code == 405
    assert ticket_state(app, ticket) == "new"
    assert _audit_count(app) == 1


def test_the_api_reads_but_refuses_every_write_with_405(app, client, lead):
    ticket = new_ticket(app, subject="Printer")
    listed = _api(app, client, lead, "GET", "/uitest.archive")
    assert [item["id"] for item in listed.json["items"]] == [ticket]
    for method, path, body in (
        ("POST", "/uitest.archive", {"subject": "New"}),
        ("PATCH", f"/uitest.archive/{ticket}", {"subject": "Changed"}),
        ("POST", f"/uitest.archive/{ticket}/transition", {"to": "open"}),
    ):
        answer = _api(app, client, lead, method, path, json=body)
        assert answer.status_code == 405, (method, path)
        assert "read-only" in answer.json["error"]
    assert ticket_state(app, ticket) == "new"
    assert _audit_count(app) == 1


def test_the_api_describes_the_type_as_read_only_without_write_operations(app, client, lead):
    described = _api(app, client, lead, "GET", "/entities").json["items"]
    flags = {item["key"]: item["read_only"] for item in described}
    assert flags["uitest.archive"] is True and flags["uitest.ticket"] is False
    paths = _api(app, client, lead, "GET", "/openapi.json").json["paths"]
    assert set(paths["/uitest.archive"]) == {"get"}
    assert "patch" not in paths["/uitest.archive/{id}"]
    assert "/uitest.archive/{id}/transition" not in paths
    assert "post" in paths["/uitest.ticket"]
