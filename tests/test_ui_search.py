"""List search: title fields and the names of referenced records, accents and case ignored,
on the pages and in the API, in one query whatever the list's length."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from core.db import db
from core.search_text import compact, fold

pytestmark = pytest.mark.nhip_plugins("crm", "orders", "hr")


def test_fold_takes_off_vietnamese_accents_and_case():
    assert fold("Công ty Phú Thịnh") == "cong ty phu thinh"
    assert fold("MÊ KÔNG Đà Nẵng đường") == "me kong da nang duong"
    assert fold("Ưu Ơn Ỷ Ạ Ặ Ễ") == "uu on y a a e"
    assert compact("Mê Kông") == "mekong"


def _customers(make_record):
    phu = make_record("crm.customer", name="Công ty Phú Thịnh")
    mekong = make_record("crm.customer", name="Mê Kông Trading")
    other = make_record("crm.customer", name="Hà Nội Foods")
    return phu, mekong, other


def _subjects(response) -> list[str]:
    return sorted(item["subject"] for item in response.json["items"])


def test_tickets_are_found_by_subject_and_customer_name_without_accents(
    app, client, login_as, make_record
):
    phu, mekong, other = _customers(make_record)
    make_record("crm.ticket", subject="Hóa đơn sai", customer_id=phu.id)
    make_record("crm.ticket", subject="Giao hàng trễ", customer_id=mekong.id)
    make_record("crm.ticket", subject="Mekong brochure", customer_id=other.id)
    login_as("support")
    page = client.get("/r/crm.ticket/?q=phu+thinh").data.decode()
    assert "Hóa đơn sai" in page and "Giao hàng trễ" not in page
    page = client.get("/r/crm.ticket/?q=MEKONG").data.decode()
    assert "Mekong brochure" in page and "Hóa đơn sai" not in page
    # "mekong" is one word; "me kong" two, each in the customer's name
    page = client.get("/r/crm.ticket/?q=me+kong").data.decode()
    assert "Giao hàng trễ" in page and "Hóa đơn sai" not in page
    page = client.get("/r/crm.ticket/?q=hoa+don").data.decode()
    assert "Hóa đơn sai" in page and "Giao hàng trễ" not in page
    assert "Hóa đơn sai" not in client.get("/r/crm.ticket/?q=thinh+mekong").data.decode()


def test_the_api_searches_the_same_way(app, client, login_as, make_record):
    phu, mekong, _ = _customers(make_record)
    make_record("crm.ticket", subject="Đổi trả", customer_id=phu.id)
    make_record("crm.ticket", subject="Bảo hành", customer_id=mekong.id)
    login_as("support")
    assert _subjects(client.get("/api/v1/crm.ticket?q=doi+tra")) == ["Đổi trả"]
    assert _subjects(client.get("/api/v1/crm.ticket?q=mê kông")) == ["Bảo hành"]
    assert _subjects(client.get("/api/v1/crm.ticket?q=%25")) == []
    assert _subjects(client.get("/api/v1/crm.ticket?q=_")) == []
    assert client.get("/api/v1/crm.ticket?q=phu").json["total"] == 1


def test_orders_are_found_by_their_customer_name(app, client, login_as, make_record):
    phu, mekong, _ = _customers(make_record)
    boss = login_as("admin")
    product = make_record("orders.product", sku="TEA-1", name="Trà")
    lines = [{"product_id": product.id, "quantity": 1}]
    first = make_record("orders.sales_order", actor_id=boss, customer_id=phu.id, lines=lines)
    second = make_record("orders.sales_order", actor_id=boss, customer_id=mekong.id, lines=lines)
    found = client.get("/api/v1/orders.sales_order?q=phu thinh").json["items"]
    assert [item["id"] for item in found] == [first.id]
    page = client.get("/r/orders.sales_order/?q=mekong").data.decode()
    assert second.number in page and first.number not in page


def test_a_search_is_one_query_however_many_records_match(app, client, login_as, make_record):
    phu, mekong, _ = _customers(make_record)
    login_as("support")
    with app.app_context():
        engine = db.engine

    def count_for(n: int) -> int:
        for i in range(n):
            make_record("crm.ticket", subject=f"Việc {i}", customer_id=phu.id)
        statements: list[str] = []

        def count(conn, cursor, statement, *args):
            if "crm_ticket" in statement:
                statements.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get("/api/v1/crm.ticket?q=phu+thinh&per_page=100")
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200
        return len(statements)

    few = count_for(2)
    many = count_for(20)
    assert few == many


def test_leave_requests_are_found_by_the_employees_name(app, client, login_as, make_record):
    from datetime import date

    lan = make_record("hr.employee", name="Nguyễn Thị Lan")
    duc = make_record("hr.employee", name="Trần Đức")
    days = {"first_day": date(2026, 12, 7), "last_day": date(2026, 12, 8)}
    mine = make_record("hr.leave_request", employee_id=lan.id, **days)
    make_record("hr.leave_request", employee_id=duc.id, **days)
    login_as("admin")
    found = client.get("/api/v1/hr.leave_request?q=nguyen thi lan").json["items"]
    assert [item["id"] for item in found] == [mine.id]
    assert client.get("/api/v1/hr.leave_request?q=duc").json["total"] == 1
