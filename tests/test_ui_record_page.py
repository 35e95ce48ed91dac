"""The generic record page: fields, state, permitted transitions, badges, panels, child rows,
the audit trail and notes."""

from ui_support import add, new_customer, new_ticket, text_of, ticket_state, ui_app  # noqa: F401
from uitest_plugin import UitestTicketLine

from core import records
from core.db import db

PAGE = "/r/uitest.ticket/{}"


def _user(client, make_user, login, role, **kwargs):
    uid = make_user(f"{role}@x.vn", roles=[role], **kwargs)
    login(client, uid)
    return uid


def test_record_page_shows_every_field_with_references_linked(app, client, make_user, login):
    acme = new_customer(app, "ACME")
    ticket = new_ticket(app, subject="Printer", customer_id=acme, contact="lan@acme.vn")
    _user(client, make_user, login, "uitest_reader")
    page = client.get(PAGE.format(ticket)).data.decode()
    assert f'<a href="/r/uitest.customer/{acme}">ACME</a>' in page
    assert 'href="mailto:lan@acme.vn"' in page
    for label in ("Subject", "Priority", "Amount", "Urgent", "Due", "Details"):
        assert f"<dt>{label}</dt>" in page


def test_record_page_shows_state_badges_and_panels(app, client, make_user, login):
    ticket = new_ticket(app, subject="Printer", priority="high")
    _user(client, make_user, login, "uitest_reader")
    page = client.get(PAGE.format(ticket)).data.decode()
    assert 'data-state="new">New</span>' in page
    assert '<span class="badge text-bg-danger" title="prio">P-high</span>' in page
    assert "Ticket facts" in page
    assert "Facts about Printer" in page


def test_record_page_lists_child_rows(app, client, make_user, login):
    ticket = new_ticket(app)
    with app.app_context():
        db.session.add(UitestTicketLine(ticket_id=ticket, description="Replaced toner", hours=2))
        db.session.commit()
    _user(client, make_user, login, "uitest_reader")
    page = text_of(client.get(PAGE.format(ticket)).data)
    assert "Work log" in page
    assert "Replaced toner 2" in page


def test_audit_trail_is_shown_newest_first_with_author_and_changes(app, client, make_user, login):
    uid = _user(client, make_user, login, "uitest_agent", name="Phạm Minh")
    ticket = new_ticket(app, uid, priority="low")
    with app.app_context():
        record = records.get_record("uitest.ticket", ticket)
        records.update("uitest.ticket", record, {"priority": "high"}, uid)
        records.transition("uitest.ticket", record, "open", uid, note="on my way")
    page = text_of(client.get(PAGE.format(ticket)).data)
    history = page[page.index("History") :]
    assert history.index("State changed") < history.index("Changed") < history.index("Created")
    assert "Phạm Minh" in history
    assert "on my way" in history
    assert "Priority: Low → High" in history
    assert "State: New → Open" in history


def test_transition_buttons_show_only_what_the_viewer_may_do(app, client, make_user, login):
    ticket = new_ticket(app)
    with app.app_context():
        records.transition("uitest.ticket", records.get_record("uitest.ticket", ticket), "open")
    _user(client, make_user, login, "uitest_agent")
    page = client.get(PAGE.format(ticket)).data.decode()
    assert 'data-transition="cancelled"' in page
    assert 'data-transition="done"' not in page  # closing needs uitest.close
    _user(client, make_user, login, "uitest_lead")
    assert 'data-transition="done"' in client.get(PAGE.format(ticket)).data.decode()


def test_readers_see_no_transitions_edit_or_note_form(app, client, make_user, login):
    ticket = new_ticket(app)
    _user(client, make_user, login, "uitest_reader")
    page = client.get(PAGE.format(ticket)).data.decode()
    assert "data-transition=" not in page
    assert 'id="note-form"' not in page
    assert f'href="/r/uitest.ticket/{ticket}/edit"' not in page


def test_record_outside_the_viewers_scope_is_not_found(app, client, make_user, login):
    ticket = new_ticket(app, subject="Secret merger")
    _user(client, make_user, login, "uitest_agent")
    assert client.get(PAGE.format(ticket)).status_code == 404


def test_missing_record_is_not_found(client, make_user, login):
    _user(client, make_user, login, "uitest_reader")
    assert client.get(PAGE.format(999)).status_code == 404


def test_record_page_needs_the_read_permission(app, client, make_user, login):
    ticket = new_ticket(app)
    _user(client, make_user, login, "employee")
    assert client.get(PAGE.format(ticket)).status_code == 403


def test_adding_a_note_writes_it_to_the_audit_trail(app, client, make_user, login):
    ticket = new_ticket(app)
    _user(client, make_user, login, "uitest_agent")
    response = client.post(PAGE.format(ticket) + "/note", data={"note": "Called the customer"})
    assert response.status_code == 302
    page = text_of(client.get(PAGE.format(ticket)).data)
    assert "Note added." in page
    assert "Called the customer" in page


def test_an_empty_note_is_refused_with_a_message(app, client, make_user, login):
    ticket = new_ticket(app)
    _user(client, make_user, login, "uitest_agent")
    client.post(PAGE.format(ticket) + "/note", data={"note": "   "})
    assert "Write something before adding a note." in text_of(client.get(PAGE.format(ticket)).data)


def test_notes_need_the_write_permission(app, client, make_user, login):
    ticket = new_ticket(app)
    _user(client, make_user, login, "uitest_reader")
    assert client.post(PAGE.format(ticket) + "/note", data={"note": "hi"}).status_code == 403


def test_links_lead_to_a_plugins_own_record_page_when_it_declares_one(app, monkeypatch):
    from uitest_plugin import CUSTOMER

    from core.ui.links import record_url

    # any endpoint taking the id as its only argument will do for the test
    monkeypatch.setattr(CUSTOMER, "view_endpoint", "ui.notification_read")
    with app.test_request_context():
        assert record_url(CUSTOMER, 7) == "/notifications/7/read"


def test_references_the_viewer_may_not_open_are_shown_without_a_link(
    app, client, make_user, login, monkeypatch
):
    from uitest_plugin import CUSTOMER

    acme = new_customer(app, "ACME")
    ticket = new_ticket(app, customer_id=acme)
    monkeypatch.setattr(CUSTOMER, "read_permission", "uitest.secret")
    _user(client, make_user, login, "uitest_reader")
    page = client.get(PAGE.format(ticket)).data.decode()
    assert ">ACME<" in page
    assert f'href="/r/uitest.customer/{acme}"' not in page


def _closed_ticket(app) -> int:
    ticket = new_ticket(app)
    with app.app_context():
        records.transition(
            "uitest.ticket", records.get_record("uitest.ticket", ticket), "cancelled"
        )
    return ticket


def test_history_names_each_event_as_an_event_in_vietnamese(app, client, make_user, login):
    uid = _user(client, make_user, login, "uitest_agent", name="Phạm Minh", language="vi")
    ticket = new_ticket(app, uid, priority="low")
    with app.app_context():
        record = records.get_record("uitest.ticket", ticket)
        records.update("uitest.ticket", record, {"priority": "high"}, uid)
        records.transition("uitest.ticket", record, "open", uid)
        records.add_note("uitest.ticket", record, "Gọi lại khách", uid)
    page = text_of(client.get(PAGE.format(ticket)).data)
    history = page[page.index("Lịch sử") :]
    # the test plugin's catalog, like the real plugins', says "Ngày tạo" for a "Created" column
    assert "Ngày tạo" not in history
    kinds = ["Đã thêm ghi chú", "Đã đổi trạng thái", "Đã sửa", "Đã tạo"]
    assert [history.index(kind) for kind in kinds] == sorted(history.index(k) for k in kinds)


def test_edit_is_offered_while_the_record_is_open(app, client, make_user, login):
    ticket = new_ticket(app)
    _user(client, make_user, login, "uitest_agent")
    assert f'href="/r/uitest.ticket/{ticket}/edit"' in client.get(PAGE.format(ticket)).data.decode()


def test_edit_is_not_offered_once_the_record_is_in_a_final_state(app, client, make_user, login):
    ticket = _closed_ticket(app)
    _user(client, make_user, login, "uitest_agent")
    page = client.get(PAGE.format(ticket)).data.decode()
    assert f'href="/r/uitest.ticket/{ticket}/edit"' not in page
    assert 'id="record-edit"' not in page
    assert 'id="note-form"' in page  # notes may still be added


def _refused_by_can_change(monkeypatch) -> None:
    """The test type's ``can_change``: nobody may change a ticket of subject "Locked"."""
    from uitest_plugin import TICKET

    monkeypatch.setattr(TICKET, "can_change", lambda record, user: record.subject != "Locked")


def test_can_change_hides_edit_and_the_write_moves_of_that_record(
    app, client, make_user, login, monkeypatch
):
    _refused_by_can_change(monkeypatch)
    locked = new_ticket(app, subject="Locked")
    _user(client, make_user, login, "uitest_agent")
    page = client.get(PAGE.format(locked)).data.decode()
    assert 'id="record-edit"' not in page
    assert 'data-transition="open"' not in page
    assert 'data-transition="cancelled"' not in page
    assert 'id="note-form"' in page  # a note is not a change of the record


def test_can_change_keeps_edit_and_moves_of_other_records(
    app, client, make_user, login, monkeypatch
):
    _refused_by_can_change(monkeypatch)
    free = new_ticket(app, subject="Printer")
    _user(client, make_user, login, "uitest_agent")
    page = client.get(PAGE.format(free)).data.decode()
    assert 'id="record-edit"' in page
    assert 'data-transition="open"' in page


def test_can_change_leaves_moves_with_their_own_permission_to_it(
    app, client, make_user, login, monkeypatch
):
    _refused_by_can_change(monkeypatch)
    locked = new_ticket(app, subject="Locked")
    with app.app_context():
        records.transition("uitest.ticket", records.get_record("uitest.ticket", locked), "open")
    _user(client, make_user, login, "uitest_lead")
    page = client.get(PAGE.format(locked)).data.decode()
    assert 'data-transition="done"' in page  # needs uitest.close, not the write permission
    assert 'data-transition="cancelled"' not in page


def test_the_generic_edit_form_of_a_record_can_change_refuses_is_403(
    app, client, make_user, login, monkeypatch
):
    _refused_by_can_change(monkeypatch)
    locked = new_ticket(app, subject="Locked")
    _user(client, make_user, login, "uitest_agent")
    assert client.get(PAGE.format(locked) + "/edit").status_code == 403
