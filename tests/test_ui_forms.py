"""The generic create and edit forms built from an entity's editable fields."""

from datetime import UTC, date, datetime

from ui_support import new_customer, new_ticket, text_of, ui_app  # noqa: F401
from uitest_plugin import TICKET, UitestTicket

from core.db import db
from core.models import AuditEntry

NEW = "/r/uitest.ticket/new"


def _agent(client, make_user, login, **kwargs):
    uid = make_user("agent@x.vn", roles=["uitest_agent"], **kwargs)
    login(client, uid)
    return uid


def _ticket(app, ticket_id):
    with app.app_context():
        return db.session.get(UitestTicket, ticket_id)


def test_form_offers_an_input_for_each_editable_field(app, client, make_user, login):
    new_customer(app, "ACME")
    _agent(client, make_user, login)
    page = client.get(NEW).data.decode()
    assert 'id="subject" name="subject" required type="text"' in page
    assert '<select class="form-select" id="priority"' in page
    assert '<option value="high">High</option>' in page
    assert 'type="checkbox"' in page and 'id="urgent"' in page
    assert 'type="date"' in page and 'id="due"' in page
    assert 'type="datetime-local"' in page and 'id="opened_at"' in page
    assert '<textarea class="form-control" id="details"' in page
    assert 'type="email"' in page and 'id="contact"' in page
    assert ">ACME</option>" in page
    assert 'type="submit"' in page


def test_creating_a_record_through_the_form(app, client, make_user, login):
    acme = new_customer(app, "ACME")
    uid = _agent(client, make_user, login)
    response = client.post(
        NEW,
        data={
            "subject": "Scanner broken",
            "priority": "high",
            "amount": "1250000",
            "urgent": "y",
            "due": "2026-12-01",
            "customer_id": str(acme),
            "contact": "lan@acme.vn",
            "details": "It beeps.",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/r/uitest.ticket/1"
    ticket = _ticket(app, 1)
    assert (ticket.subject, ticket.priority, ticket.amount, ticket.urgent) == (
        "Scanner broken",
        "high",
        1_250_000,
        True,
    )
    assert (ticket.due, ticket.customer_id, ticket.state) == (date(2026, 12, 1), acme, "new")
    with app.app_context():
        entry = db.session.execute(
            db.select(AuditEntry).where(AuditEntry.entity == "uitest.ticket")
        ).scalar_one()
        assert (entry.kind, entry.user_id) == ("created", uid)
    assert "T-1 Scanner broken was created." in text_of(client.get("/r/uitest.ticket/1").data)


def test_missing_required_field_is_shown_on_that_field(app, client, make_user, login):
    _agent(client, make_user, login)
    response = client.post(NEW, data={"subject": "", "priority": "low"})
    assert response.status_code == 422
    page = response.data.decode()
    subject = page[page.index('id="subject"') :]
    assert "This field is required." in subject[: subject.index('id="priority"')]
    with app.app_context():
        assert db.session.query(UitestTicket).count() == 0


def test_unparsable_number_is_shown_on_its_field(app, client, make_user, login):
    _agent(client, make_user, login)
    response = client.post(NEW, data={"subject": "X", "amount": "lots"})
    assert response.status_code == 422
    assert "Must be a whole number." in text_of(response.data)


def test_business_check_message_is_shown_on_its_field(app, client, make_user, login):
    _agent(client, make_user, login)
    response = client.post(NEW, data={"subject": "forbidden"})
    assert response.status_code == 422
    page = response.data.decode()
    assert "this subject is not allowed" in page
    assert 'class="form-control is-invalid"' in page


def test_too_long_text_is_refused_in_the_viewers_language(app, client, make_user, login):
    _agent(client, make_user, login, language="vi")
    response = client.post(NEW, data={"subject": "x" * 201})
    assert response.status_code == 422
    assert "Tối đa 200 ký tự." in text_of(response.data)


def test_date_and_time_is_read_in_the_viewers_time_zone(app, client, make_user, login):
    _agent(client, make_user, login)  # Asia/Ho_Chi_Minh, UTC+7
    client.post(NEW, data={"subject": "Timed", "opened_at": "2026-03-02T10:00"})
    assert _ticket(app, 1).opened_at == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def test_edit_form_starts_from_the_record_in_the_viewers_zone(app, client, make_user, login):
    ticket = new_ticket(
        app, subject="Old", priority="normal", opened_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    )
    _agent(client, make_user, login)
    page = client.get(f"/r/uitest.ticket/{ticket}/edit").data.decode()
    assert 'value="Old"' in page
    assert '<option selected value="normal">' in page
    assert 'value="2026-03-02T10:00"' in page


def test_editing_saves_changes_and_audits_them(app, client, make_user, login):
    ticket = new_ticket(app, subject="Old", priority="normal")
    _agent(client, make_user, login)
    response = client.post(
        f"/r/uitest.ticket/{ticket}/edit", data={"subject": "New subject", "priority": "high"}
    )
    assert response.status_code == 302
    assert (_ticket(app, ticket).subject, _ticket(app, ticket).priority) == ("New subject", "high")
    page = text_of(client.get(f"/r/uitest.ticket/{ticket}").data)
    assert "was saved." in page
    assert "Priority: Normal → High" in page


def test_editing_without_changes_says_so(app, client, make_user, login):
    ticket = new_ticket(app, subject="Same")
    _agent(client, make_user, login)
    client.post(f"/r/uitest.ticket/{ticket}/edit", data={"subject": "Same"})
    assert "Nothing was changed." in text_of(client.get(f"/r/uitest.ticket/{ticket}").data)


def test_edit_refused_by_a_business_check_keeps_the_record(app, client, make_user, login):
    ticket = new_ticket(app, subject="Fine")
    _agent(client, make_user, login)
    response = client.post(f"/r/uitest.ticket/{ticket}/edit", data={"subject": "forbidden"})
    assert response.status_code == 422
    assert "this subject is not allowed" in text_of(response.data)
    assert _ticket(app, ticket).subject == "Fine"


def test_forms_need_the_write_permission(app, client, make_user, login):
    ticket = new_ticket(app)
    login(client, make_user("reader@x.vn", roles=["uitest_reader"]))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data={"subject": "x"}).status_code == 403
    assert client.get(f"/r/uitest.ticket/{ticket}/edit").status_code == 403


def test_editing_a_record_outside_the_scope_is_not_found(app, client, make_user, login):
    ticket = new_ticket(app, subject="Secret")
    _agent(client, make_user, login)
    assert client.get(f"/r/uitest.ticket/{ticket}/edit").status_code == 404


def test_plugins_with_their_own_form_are_sent_there(app, client, make_user, login, monkeypatch):
    monkeypatch.setattr(TICKET, "create_endpoint", "ui.home")
    _agent(client, make_user, login)
    response = client.get(NEW)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert '<a class="btn btn-primary" href="/">' in client.get("/r/uitest.ticket/").data.decode()


def test_new_form_can_be_prefilled_from_the_link(app, client, make_user, login):
    acme = new_customer(app, "ACME")
    _agent(client, make_user, login)
    page = client.get(f"{NEW}?customer_id={acme}").data.decode()
    assert f'<option selected value="{acme}">ACME</option>' in page


def test_a_reference_to_a_large_table_becomes_a_number_input(
    app, client, make_user, login, monkeypatch
):
    import core.ui.entity_form as entity_form

    monkeypatch.setattr(entity_form, "REF_CHOICES_LIMIT", 1)
    new_customer(app, "ACME")
    new_customer(app, "Globex")
    _agent(client, make_user, login)
    page = client.get(NEW).data.decode()
    assert '<input class="form-control" id="customer_id" name="customer_id" type="number"' in page


def _cancelled_ticket(app, subject: str) -> int:
    from core import records

    ticket = new_ticket(app, subject=subject)
    with app.app_context():
        records.transition(
            "uitest.ticket", records.get_record("uitest.ticket", ticket), "cancelled"
        )
    return ticket


def test_edit_page_of_a_record_in_a_final_state_explains_instead_of_a_form(
    app, client, make_user, login
):
    ticket = _cancelled_ticket(app, "Old printer")
    _agent(client, make_user, login)
    response = client.get(f"/r/uitest.ticket/{ticket}/edit")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/r/uitest.ticket/{ticket}"
    page = text_of(client.get(response.headers["Location"]).data)
    assert f"T-{ticket} Old printer is cancelled and can no longer be edited." in page


def test_saving_a_record_in_a_final_state_changes_nothing(app, client, make_user, login):
    ticket = _cancelled_ticket(app, "Old printer")
    _agent(client, make_user, login)
    response = client.post(f"/r/uitest.ticket/{ticket}/edit", data={"subject": "Renamed"})
    assert response.status_code == 302
    assert _ticket(app, ticket).subject == "Old printer"
    with app.app_context():
        kinds = db.session.scalars(
            db.select(AuditEntry.kind).where(AuditEntry.record_id == ticket)
        ).all()
    assert "updated" not in kinds


def test_final_state_message_in_vietnamese(app, client, make_user, login):
    ticket = _cancelled_ticket(app, "Máy in cũ")
    _agent(client, make_user, login, language="vi")
    page = text_of(client.get(f"/r/uitest.ticket/{ticket}/edit", follow_redirects=True).data)
    assert "nên không sửa được nữa" in page


def test_new_form_names_the_record_type_in_lower_case_mid_phrase(app, client, make_user, login):
    _agent(client, make_user, login)
    page = text_of(client.get(NEW).data)
    assert "New ticket" in page and "New Ticket" not in page


def test_new_form_title_in_vietnamese(app, client, make_user, login):
    login(client, make_user("lan@x.vn", roles=["uitest_agent"], language="vi"))
    page = client.get(NEW).data.decode()
    assert "<title>Tạo yêu cầu hỗ trợ · Nhịp</title>" in page
    assert "Tạo Yêu cầu hỗ trợ" not in page
