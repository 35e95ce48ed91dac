"""The generic pages when someone else changed the record first: a save over a newer version
is shown again with what changed, and a move made first by someone else is not made twice."""

from __future__ import annotations

import re

from ui_support import new_ticket, text_of, ticket_state, ui_app  # noqa: F401
from uitest_plugin import UitestTicket

from core import records
from core.db import db
from core.models import AuditEntry


def _agent(client, make_user, login) -> int:
    uid = make_user("agent@x.vn", roles=["uitest_agent"])
    login(client, uid)
    return uid


def _seen_version(page: str) -> str:
    return re.search(r'name="record_version" value="(\d+)"', page).group(1)


def _someone_else_changes(app, ticket_id: int, **values) -> None:
    with app.app_context():
        ticket = records.get_record("uitest.ticket", ticket_id)
        records.update("uitest.ticket", ticket, values, None)


def _ticket(app, ticket_id: int) -> UitestTicket:
    with app.app_context():
        return db.session.get(UitestTicket, ticket_id)


def test_the_edit_form_carries_the_version_it_shows(app, client, make_user, login):
    ticket = new_ticket(app, subject="Old")
    _agent(client, make_user, login)
    page = client.get(f"/r/uitest.ticket/{ticket}/edit").data.decode()
    with app.app_context():
        newest = db.session.execute(
            db.select(db.func.max(AuditEntry.id)).where(AuditEntry.record_id == ticket)
        ).scalar()
    assert _seen_version(page) == str(newest)


def test_a_stale_save_is_shown_again_with_what_changed_and_saves_nothing(
    app, client, make_user, login
):
    ticket = new_ticket(app, subject="Printer jammed", priority="normal")
    _agent(client, make_user, login)
    seen = _seen_version(client.get(f"/r/uitest.ticket/{ticket}/edit").data.decode())
    _someone_else_changes(app, ticket, priority="high")
    answer = client.post(
        f"/r/uitest.ticket/{ticket}/edit",
        data={"subject": "Printer on fire", "priority": "normal", "record_version": seen},
    )
    assert answer.status_code == 409
    page = text_of(answer.data)
    assert "was changed by someone else after you opened it" in page
    assert "What changed meanwhile: Priority: Normal → High" in page
    assert (_ticket(app, ticket).subject, _ticket(app, ticket).priority) == (
        "Printer jammed",
        "high",
    )
    html = answer.data.decode()
    assert 'value="Printer on fire"' in html  # the viewer's own change is kept
    assert '<option selected value="high">' in html  # theirs where the viewer changed nothing
    assert _seen_version(html) != seen


def test_saving_again_after_the_message_applies_the_change(app, client, make_user, login):
    ticket = new_ticket(app, subject="Printer jammed", priority="normal")
    _agent(client, make_user, login)
    seen = _seen_version(client.get(f"/r/uitest.ticket/{ticket}/edit").data.decode())
    _someone_else_changes(app, ticket, priority="high")
    data = {"subject": "Printer on fire", "priority": "high", "record_version": seen}
    again = client.post(f"/r/uitest.ticket/{ticket}/edit", data=data)
    data["record_version"] = _seen_version(again.data.decode())
    assert client.post(f"/r/uitest.ticket/{ticket}/edit", data=data).status_code == 302
    assert (_ticket(app, ticket).subject, _ticket(app, ticket).priority) == (
        "Printer on fire",
        "high",
    )


def test_a_field_both_changed_keeps_the_viewers_value_and_says_so(app, client, make_user, login):
    ticket = new_ticket(app, subject="Printer jammed", priority="normal")
    _agent(client, make_user, login)
    seen = _seen_version(client.get(f"/r/uitest.ticket/{ticket}/edit").data.decode())
    _someone_else_changes(app, ticket, priority="high")
    answer = client.post(
        f"/r/uitest.ticket/{ticket}/edit",
        data={"subject": "Printer jammed", "priority": "low", "record_version": seen},
    )
    assert answer.status_code == 409
    assert '<option selected value="low">' in answer.data.decode()
    assert "Changed meanwhile to High; yours is kept here." in text_of(answer.data)


def test_a_stale_save_of_a_record_now_closed_goes_back_to_its_page(app, client, make_user, login):
    ticket = new_ticket(app, subject="Printer jammed")
    _agent(client, make_user, login)
    seen = _seen_version(client.get(f"/r/uitest.ticket/{ticket}/edit").data.decode())
    with app.app_context():
        record = records.get_record("uitest.ticket", ticket)
        records.transition("uitest.ticket", record, "cancelled", None)
    answer = client.post(
        f"/r/uitest.ticket/{ticket}/edit",
        data={"subject": "Printer on fire", "record_version": seen},
        follow_redirects=True,
    )
    assert "can no longer be edited" in text_of(answer.data)
    assert _ticket(app, ticket).subject == "Printer jammed"


def test_a_move_someone_else_made_first_is_a_warning_not_a_second_move(
    app, client, make_user, login
):
    ticket = new_ticket(app)
    _agent(client, make_user, login)
    page = client.get(f"/r/uitest.ticket/{ticket}").data.decode()
    assert '<input type="hidden" name="from" value="new">' in page
    with app.app_context():
        records.transition("uitest.ticket", records.get_record("uitest.ticket", ticket), "open")
    answer = client.post(
        f"/r/uitest.ticket/{ticket}/transition",
        data={"to": "cancelled", "from": "new"},
        follow_redirects=True,
    )
    assert "has already moved on (now Open)." in text_of(answer.data)
    assert ticket_state(app, ticket) == "open"
