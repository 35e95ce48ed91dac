"""The controls above a list: each sort order once; people filters list only the people who
can hold the record."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.nhip_plugins("crm", "orders", "hr")


def _options(page: str, select_id: str) -> list[tuple[str, str]]:
    block = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', block)


@pytest.mark.parametrize(
    "entity", ["orders.sales_order", "crm.ticket", "hr.leave_request", "crm.customer"]
)
def test_the_sort_menu_lists_each_order_once(app, client, login_as, entity):
    login_as("admin")
    page = client.get(f"/r/{entity}/").data.decode()
    options = _options(page, "f-sort")
    values = [value for value, _ in options]
    labels = [label for _, label in options]
    assert len(values) == len(set(values)), values
    assert len(labels) == len(set(labels)), labels
    assert "id" in values or "number" in values


def test_the_order_number_is_offered_once(app, client, login_as):
    login_as("admin")
    page = client.get("/r/orders.sales_order/").data.decode()
    labels = [label for _, label in _options(page, "f-sort")]
    assert labels.count("Number, ascending") == 1
    assert "Customer, ascending" not in labels  # ids of customers sort by nothing readable


def test_people_filters_list_only_who_can_hold_the_record(app, client, login_as, make_user):
    seller = make_user("seller@example.com", roles=["sales"], name="Seller Sáu")
    packer = make_user("packer@example.com", roles=["warehouse"], name="Packer Pha")
    clerk = make_user("clerk@example.com", roles=["hr_officer"], name="Clerk Cúc")
    gone = make_user("gone@example.com", roles=["sales"], name="Gone Gấm")
    with app.app_context():
        from core.db import db
        from core.models import User

        db.session.get(User, gone).active = False
        db.session.commit()
    boss = login_as("admin", email="boss@example.com")
    page = client.get("/r/orders.sales_order/").data.decode()
    people = dict(_options(page, "f-salesperson_id"))
    assert str(seller) in people and str(boss) in people
    assert str(packer) not in people and str(clerk) not in people and str(gone) not in people
    support = client.get("/r/crm.ticket/").data.decode()
    assignees = dict(_options(support, "f-assignee_id"))
    assert str(seller) in assignees and str(packer) not in assignees


def test_other_people_filters_are_not_narrowed(app, client, login_as, make_user):
    clerk = make_user("clerk@example.com", roles=["warehouse"], name="Clerk Cúc")
    login_as("admin")
    page = client.get("/r/hr.employee/").data.decode()
    assert str(clerk) in dict(_options(page, "f-user_id"))  # any user may be an employee's login
