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
