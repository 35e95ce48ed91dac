"""Field checks of customers, leads and tickets: each bad value is reported on its field."""

from __future__ import annotations

import pytest

from core import records
from core.errors import ValidationError
from plugins.crm.checks import is_phone, is_tax_code


@pytest.mark.parametrize("code", ["0101234567", "0312345678-001"])
def test_tax_code_shapes_accepted(code):
    assert is_tax_code(code)


@pytest.mark.parametrize(
    "code", ["010123456", "01012345678", "0101234567-01", "0101234567001", "01O1234567", "abc"]
)
def test_tax_code_shapes_refused(code):
    assert not is_tax_code(code)


@pytest.mark.parametrize("phone", ["0901234567", "028 3822 1456", "+84 90 123 4567"])
def test_phones_accepted(phone):
    assert is_phone(phone)


@pytest.mark.parametrize(
    "phone", ["090-123-4567", "0901 ABC 567", "12345", "+84+901234567", "1" * 16]
)
def test_phones_refused(phone):
    assert not is_phone(phone)


def _create_error(key: str, values: dict, actor: int) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        records.create(key, values, actor)
    return caught.value.fields


def test_customer_with_valid_fields_is_created(app, seller):
    with app.app_context():
        customer = records.create(
            "crm.customer",
            {
                "name": "Công ty Cổ phần Dược phẩm An Khang",
                "tier": "vip",
                "tax_code": "0101234567-002",
                "phone": "+84 24 3852 7781",
                "email": "duocpham@ankhang.vn",
                "address": "9 Phạm Ngọc Thạch, Đống Đa, Hà Nội",
            },
            seller,
        )
        assert (customer.tier, customer.tax_code) == ("vip", "0101234567-002")


def test_customer_tier_defaults_to_standard(app, seller):
    with app.app_context():
        assert records.create("crm.customer", {"name": "Quang Huy"}, seller).tier == "standard"


def test_customer_bad_tax_code_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.customer", {"name": "X", "tax_code": "12345"}, seller)
        assert list(fields) == ["tax_code"]


def test_customer_tax_code_is_unique(app, seller, new_customer):
    new_customer("Minh Phát", tax_code="0301234567")
    with app.app_context():
        fields = _create_error("crm.customer", {"name": "Y", "tax_code": "0301234567"}, seller)
        assert "already" in fields["tax_code"]


def test_customer_keeps_its_own_tax_code_on_update(app, seller, new_customer):
    customer_id = new_customer("Minh Phát", tax_code="0301234567")
    with app.app_context():
        customer = records.get_record("crm.customer", customer_id)
        records.update("crm.customer", customer, {"tax_code": "0301234567", "tier": "gold"}, seller)
        assert customer.tier == "gold"


def test_customer_bad_phone_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.customer", {"name": "X", "phone": "gọi 0901"}, seller)
        assert list(fields) == ["phone"]


def test_customer_bad_email_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.customer", {"name": "X", "email": "not-an-address"}, seller)
        assert list(fields) == ["email"]


def test_customer_bad_tier_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.customer", {"name": "X", "tier": "platinum"}, seller)
        assert list(fields) == ["tier"]


def test_customer_without_name_is_refused(app, seller):
    with app.app_context():
        assert list(_create_error("crm.customer", {"tier": "gold"}, seller)) == ["name"]


def test_customer_unknown_owner_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.customer", {"name": "X", "owner_id": 9999}, seller)
        assert list(fields) == ["owner_id"]


def test_several_bad_fields_are_reported_together(app, seller):
    with app.app_context():
        fields = _create_error(
            "crm.customer", {"name": "X", "tax_code": "1", "phone": "abc"}, seller
        )
        assert set(fields) == {"tax_code", "phone"}


def test_lead_negative_value_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.lead", {"contact_name": "An", "estimated_value": -1}, seller)
        assert list(fields) == ["estimated_value"]


def test_lead_bad_phone_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.lead", {"contact_name": "An", "phone": "x"}, seller)
        assert list(fields) == ["phone"]


def test_lead_bad_email_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.lead", {"contact_name": "An", "email": "y"}, seller)
        assert list(fields) == ["email"]


def test_lead_bad_source_is_refused(app, seller):
    with app.app_context():
        fields = _create_error("crm.lead", {"contact_name": "An", "source": "tv"}, seller)
        assert list(fields) == ["source"]


def test_ticket_needs_an_existing_customer(app, agent):
    with app.app_context():
        assert list(_create_error("crm.ticket", {"subject": "S"}, agent)) == ["customer_id"]
        fields = _create_error("crm.ticket", {"subject": "S", "customer_id": 9999}, agent)
        assert list(fields) == ["customer_id"]


def test_ticket_bad_priority_and_channel_are_refused(app, agent, new_customer):
    customer_id = new_customer()
    with app.app_context():
        fields = _create_error(
            "crm.ticket",
            {"subject": "S", "customer_id": customer_id, "priority": "asap", "channel": "fax"},
            agent,
        )
        assert set(fields) == {"priority", "channel"}


def test_ticket_unknown_assignee_is_refused(app, agent, new_customer):
    customer_id = new_customer()
    with app.app_context():
        fields = _create_error(
            "crm.ticket", {"subject": "S", "customer_id": customer_id, "assignee_id": 999}, agent
        )
        assert list(fields) == ["assignee_id"]
