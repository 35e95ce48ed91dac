"""Transitions from the record page: permitted moves, refusals shown as messages."""

from ui_support import new_ticket, text_of, ticket_state, ui_app  # noqa: F401

from core import records
from core.db import db
from core.models import AuditEntry


def _move(client, ticket, to, note=""):
    return client.post(f"/r/uitest.ticket/{ticket}/transition", data={"to": to, "note": note})


def _open(app, ticket):
    with app.app_context():
        records.transition("uitest.ticket", records.get_record("uitest.ticket", ticket), "open")


def test_transition_moves_the_record_and_says_so(app, client, make_user, login):
    ticket = new_ticket(app, subject="Printer")
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    response = _move(client, ticket, "open", note="starting now")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/r/uitest.ticket/{ticket}"
    assert ticket_state(app, ticket) == "open"
    page = text_of(client.get(f"/r/uitest.ticket/{ticket}").data)
    assert f"T-{ticket} Printer is now Open." in page
    assert "starting now" in page


def test_transition_note_is_kept_in_the_audit_trail(app, client, make_user, login):
    ticket = new_ticket(app)
    uid = make_user("agent@x.vn", roles=["uitest_agent"])
    login(client, uid)
    _move(client, ticket, "open", note="on it")
    with app.app_context():
        entry = db.session.execute(
            db.select(AuditEntry).where(AuditEntry.kind == "transition")
        ).scalar_one()
        assert (entry.message, entry.user_id, entry.changes) == (
            "on it",
            uid,
            {"state": ["new", "open"]},
        )


def test_illegal_transition_shows_the_reason(app, client, make_user, login):
    ticket = new_ticket(app)
    login(client, make_user("lead@x.vn", roles=["uitest_lead"]))
    response = _move(client, ticket, "done")
    assert response.status_code == 302
    assert ticket_state(app, ticket) == "new"
    page = text_of(client.get(f"/r/uitest.ticket/{ticket}").data)
    assert "The change was refused:" in page
    assert "allowed: open, cancelled" in page


def test_unknown_target_state_shows_the_reason(app, client, make_user, login):
    ticket = new_ticket(app)
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    _move(client, ticket, "teleported")
    assert "is not a state of uitest.ticket" in text_of(
        client.get(f"/r/uitest.ticket/{ticket}").data
    )


def test_business_rule_refusal_shows_its_message(app, client, make_user, login):
    ticket = new_ticket(app, amount=5_000_000)
    _open(app, ticket)
    login(client, make_user("lead@x.vn", roles=["uitest_lead"]))
    _move(client, ticket, "done")
    assert ticket_state(app, ticket) == "open"
    page = text_of(client.get(f"/r/uitest.ticket/{ticket}").data)
    assert "tickets worth a million or more need a manager" in page


def test_transition_with_its_own_permission_is_refused_without_it(app, client, make_user, login):
    ticket = new_ticket(app)
    _open(app, ticket)
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    assert _move(client, ticket, "done").status_code == 403
    assert ticket_state(app, ticket) == "open"


def test_transition_with_its_own_permission_works_with_it(app, client, make_user, login):
    ticket = new_ticket(app)
    _open(app, ticket)
    login(client, make_user("lead@x.vn", roles=["uitest_lead"]))
    _move(client, ticket, "done")
    assert ticket_state(app, ticket) == "done"


def test_readers_cannot_transition(app, client, make_user, login):
    ticket = new_ticket(app)
    login(client, make_user("reader@x.vn", roles=["uitest_reader"]))
    assert _move(client, ticket, "open").status_code == 403
    assert ticket_state(app, ticket) == "new"


def test_transition_of_an_invisible_record_is_not_found(app, client, make_user, login):
    ticket = new_ticket(app, subject="Secret plan")
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    assert _move(client, ticket, "open").status_code == 404
    assert ticket_state(app, ticket) == "new"


def test_transition_forms_carry_a_csrf_token(app, client, make_user, login):
    ticket = new_ticket(app)
    login(client, make_user("agent@x.vn", roles=["uitest_agent"]))
    page = client.get(f"/r/uitest.ticket/{ticket}").data.decode()
    form = page[page.index('data-transition="open"') :]
    assert 'name="csrf_token"' in form[: form.index("</form>")]
