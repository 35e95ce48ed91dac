"""The CRM's pages and panel, and who may open them."""

from __future__ import annotations

from core import records


def test_customer_page_lists_its_recent_tickets(
    app, client, login, seller, new_customer, new_ticket
):
    customer_id = new_customer()
    mine = new_ticket(customer_id, subject="Hóa đơn VAT sai mã số thuế")
    other = new_ticket(new_customer("Công ty khác"), subject="Đổi địa chỉ giao hàng")
    login(client, seller)
    page = client.get(f"/r/crm.customer/{customer_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Recent tickets" in html
    assert f"/r/crm.ticket/{mine}" in html
    assert "Hóa đơn VAT sai mã số thuế" in html
    assert f"/r/crm.ticket/{other}" not in html
    assert "1 open ticket(s)" in html


def test_panel_only_on_customer_pages(app, seller, new_ticket):
    ticket_id = new_ticket()
    with app.test_request_context():
        host = app.extensions["nhip"]
        ticket = records.get_record("crm.ticket", ticket_id)
        user = records.get_record("core.user", seller)
        entity = records.entity_type("crm.ticket")
        answers = host.hook.record_panels(entity=entity, record=ticket, user=user)
        assert not [p for group in answers for p in group or [] if p.source == "crm"]


def test_customer_panel_escapes_ticket_subjects(
    app, client, login, seller, new_customer, new_ticket
):
    customer_id = new_customer()
    new_ticket(customer_id, subject="<script>alert(1)</script>")
    login(client, seller)
    html = client.get(f"/r/crm.customer/{customer_id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html


def test_my_tickets_lists_the_viewers_open_tickets(app, client, login, agent, make_user):
    login(client, agent)
    answer = client.get("/crm/my-tickets")
    assert answer.status_code == 302
    target = answer.headers["Location"]
    assert "/r/crm.ticket/" in target
    assert f"assignee_id={agent}" in target
    assert client.get(target).status_code == 200


def test_my_tickets_shows_only_mine(app, client, login, agent, make_user, new_ticket):
    colleague = make_user("colleague@example.vn", ["employee", "support"])
    new_ticket(subject="Việc của tôi", assignee_id=agent)
    new_ticket(subject="Việc của đồng nghiệp", assignee_id=colleague)
    login(client, agent)
    html = client.get("/crm/my-tickets", follow_redirects=True).get_data(as_text=True)
    assert "Việc của tôi" in html
    assert "Việc của đồng nghiệp" not in html


def test_crm_pages_need_crm_read(app, client, login, make_user, new_customer):
    customer_id = new_customer()
    outsider = make_user("kho@example.vn", ["employee"])
    login(client, outsider)
    for url in ("/crm/", "/crm/my-tickets", f"/r/crm.customer/{customer_id}", "/r/crm.ticket/"):
        assert client.get(url).status_code == 403, url


def test_crm_pages_need_a_login(app, client):
    answer = client.get("/crm/my-tickets")
    assert answer.status_code in (302, 401)


def test_sales_and_support_roles_read_and_write(app):
    from core.auth.access import roles_catalog

    with app.app_context():
        roles = roles_catalog()
        for name in ("sales", "support"):
            assert {"crm.read", "crm.write"} <= roles[name].permissions


def test_menu_offers_my_tickets(app, client, login, agent):
    login(client, agent)
    html = client.get("/").get_data(as_text=True)
    assert "/crm/my-tickets" in html
    assert "/r/crm.customer/" in html


def test_resolved_tickets_do_not_count_as_open(
    app, client, login, seller, agent, new_customer, new_ticket
):
    customer_id = new_customer()
    new_ticket(customer_id)
    done = new_ticket(customer_id)
    with app.app_context():
        records.transition("crm.ticket", records.get_record("crm.ticket", done), "resolved", agent)
    login(client, seller)
    html = client.get(f"/r/crm.customer/{customer_id}").get_data(as_text=True)
    assert "1 open ticket(s)" in html


def test_dashboard_shows_my_tickets_needing_work(app, client, login, agent, new_ticket):
    waiting = new_ticket(subject="Chờ khách gửi ảnh", assignee_id=agent)
    done = new_ticket(subject="Đã xong rồi", assignee_id=agent)
    with app.app_context():
        records.transition("crm.ticket", records.get_record("crm.ticket", done), "resolved", agent)
    login(client, agent)
    html = client.get("/").get_data(as_text=True)
    assert f"/r/crm.ticket/{waiting}" in html
    assert "Đã xong rồi" not in html


def test_dashboard_has_no_ticket_card_for_sales_without_tickets(app, client, login, seller):
    login(client, seller)
    assert 'data-source="crm"' not in client.get("/").get_data(as_text=True)


def test_dashboard_shows_support_staff_an_empty_ticket_card(app, client, login, agent):
    login(client, agent)
    html = client.get("/").get_data(as_text=True)
    assert 'data-source="crm"' in html and "No ticket is waiting for you." in html


def test_dashboard_shows_anyone_the_tickets_assigned_to_them(
    app, client, login, seller, new_ticket
):
    ticket_id = new_ticket(subject="Khách hỏi báo giá", assignee_id=seller)
    login(client, seller)
    html = client.get("/").get_data(as_text=True)
    assert 'data-source="crm"' in html and f"/r/crm.ticket/{ticket_id}" in html


def test_api_customer_fields_integrators_rely_on(app, client, login, seller, new_customer):
    customer_id = new_customer(tier="gold", phone="028 3822 1456", email="a@minhphat.vn")
    login(client, seller)
    answer = client.get(f"/api/v1/crm.customer/{customer_id}")
    assert answer.status_code == 200
    body = answer.get_json()
    assert {k: body[k] for k in ("id", "name", "tier", "phone", "email")} == {
        "id": customer_id,
        "name": "Công ty TNHH Minh Phát",
        "tier": "gold",
        "phone": "028 3822 1456",
        "email": "a@minhphat.vn",
    }


def test_api_refuses_a_bad_tax_code_on_its_field(app, client, login, seller):
    login(client, seller)
    answer = client.post("/api/v1/crm.customer", json={"name": "X", "tax_code": "12-3"})
    assert answer.status_code == 422
    assert "tax_code" in answer.get_json()["fields"]
