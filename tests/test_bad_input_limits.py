"""Limits on what a request may carry: the body size (NHIP_MAX_BODY, 413), the length of any
text field, the lines of an order, the dates of a leave request and of any date field, and
fields whose column may not be emptied (a clear field message, never an integrity error)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core import records
from core.config import MAX_BODY, ConfigError, load_settings
from core.db import db
from core.errors import ValidationError
from core.fieldvalues import MAX_TEXT
from core.models import ApiToken, User
from plugins.hr.rules import MAX_LEAVE_DAYS
from plugins.hr.tests.conftest import MONDAY, org  # noqa: F401
from plugins.orders.lines import MAX_LINES
from plugins.orders.tests.conftest import shop  # noqa: F401
from plugins.orders.tests.support import SALES, new_order


def token_of(app, user_id: int) -> dict[str, str]:
    with app.app_context():
        row, clear = ApiToken.issue(db.session.get(User, user_id), "test")
        db.session.add(row)
        db.session.commit()
    return {"Authorization": f"Bearer {clear}"}


# -- the body limit -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "size"), [(None, MAX_BODY), ("2M", 2 * 1024**2), ("512K", 512 * 1024), ("4096", 4096)]
)
def test_the_body_limit_is_a_setting(tmp_path, value, size):
    env = {"NHIP_INSTANCE": str(tmp_path), **({"NHIP_MAX_BODY": value} if value else {})}
    assert load_settings(environ=env).max_body == size


def test_a_body_limit_that_is_no_size_names_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="^NHIP_MAX_BODY: "):
        load_settings(environ={"NHIP_INSTANCE": str(tmp_path), "NHIP_MAX_BODY": "lots"})


def test_a_page_body_over_the_limit_is_a_413_page_saying_so(app, client, make_user, login):
    login(client, make_user("boss@example.com", roles=["admin"]))
    assert app.config["MAX_CONTENT_LENGTH"] == MAX_BODY
    response = client.post("/r/crm.customer/new", data={"name": "x" * (MAX_BODY + 1)})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "The request is too large" in page and "at most 1,024 KB" in page


def test_an_api_body_over_the_limit_is_a_413_json_answer(app, client, make_user):
    headers = token_of(app, make_user("boss@example.com", roles=["admin"]))
    body = '{"name": "' + "x" * MAX_BODY + '"}'
    response = client.post(
        "/api/v1/crm.customer", data=body, content_type="application/json", headers=headers
    )
    assert response.status_code == 413
    assert "at most 1,024 KB" in response.json["error"]


# -- text fields --------------------------------------------------------------------------------
def test_a_text_field_without_a_length_takes_at_most_the_default(app):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            records.create("crm.customer", {"name": "A", "address": "x" * (MAX_TEXT + 1)})
        assert refused.value.fields == {"address": f"at most {MAX_TEXT} characters"}


def test_text_never_holds_a_nul_character(app):
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            records.create("crm.customer", {"name": "A\x00B"})
        assert refused.value.fields == {"name": "must not contain NUL characters"}


def test_the_api_document_states_the_default_text_length(app, client, make_user):
    headers = token_of(app, make_user("boss@example.com", roles=["admin"]))
    items = client.get("/api/v1/entities", headers=headers).json["items"]
    described = next(e for e in items if e["key"] == "crm.customer")
    address = next(f for f in described["fields"] if f["name"] == "address")
    assert address["max_length"] == MAX_TEXT


# -- order lines --------------------------------------------------------------------------------
def test_an_order_holds_at_most_the_maximum_of_lines(app, shop):  # noqa: F811
    line = {"product_id": shop.rice, "quantity": 1}
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            new_order(shop, [line] * (MAX_LINES + 1))
        assert refused.value.fields == {"lines": f"An order has at most {MAX_LINES} lines."}
        assert len(new_order(shop, [line] * MAX_LINES).lines) == MAX_LINES


def test_lines_beyond_the_maximum_cannot_be_added_to_a_draft(app, shop):  # noqa: F811
    line = {"product_id": shop.rice, "quantity": 1}
    with app.app_context():
        order = new_order(shop, [line])
        with pytest.raises(ValidationError) as refused:
            records.update(SALES, order, {"lines": [line] * (MAX_LINES + 1)}, shop.seller)
        assert "lines" in refused.value.fields


# -- dates --------------------------------------------------------------------------------------
def _leave(org, first: date, last: date, leave_type: str = "annual"):  # noqa: F811
    return records.create(
        "hr.leave_request",
        {
            "employee_id": org.employees["staff"],
            "first_day": first,
            "last_day": last,
            "leave_type": leave_type,
        },
        org.users["staff"],
    )


@pytest.mark.parametrize(
    "last", [MONDAY + timedelta(days=MAX_LEAVE_DAYS), date(2999, 12, 31), date(9999, 12, 31)]
)
def test_a_leave_spanning_more_than_a_year_is_refused(app, org, last):  # noqa: F811
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            _leave(org, MONDAY, last)
        assert refused.value.fields == {
            "last_day": f"a leave request covers at most {MAX_LEAVE_DAYS} days"
        }


def test_a_leave_of_a_whole_year_is_accepted(app, org):  # noqa: F811
    """A year of unpaid leave is the longest span accepted (annual leave is also bounded by the
    balance: a year of it is refused for that reason, see plugins/hr/tests)."""
    with app.app_context():
        leave = _leave(org, MONDAY, MONDAY + timedelta(days=MAX_LEAVE_DAYS - 1), "unpaid")
        assert leave.working_days > 250


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1899-12-31", "must be between 1900-01-01 and 9999-12-31"),
        ("0001-01-01", "must be between 1900-01-01 and 9999-12-31"),
        ("10000-01-01", "must be a date (YYYY-MM-DD)"),
        ("+10000-01-01", "must be a date (YYYY-MM-DD)"),
    ],
)
def test_dates_outside_the_years_1900_to_9999_are_field_errors(app, org, value, message):  # noqa: F811
    with app.app_context():
        with pytest.raises(ValidationError) as refused:
            _leave(org, value, value)
        assert refused.value.fields["first_day"] == message


def test_the_leave_form_shows_the_date_problem_next_to_the_field(app, client, org, login):  # noqa: F811
    login(client, org.users["staff"])
    response = client.post(
        "/r/hr.leave_request/new",
        data={"leave_type": "annual", "first_day": "1800-01-06", "last_day": "1800-01-06"},
    )
    assert response.status_code == 422
    assert "Must be a date between 1900 and 9999." in response.get_data(as_text=True)


# -- fields whose column may not be empty -------------------------------------------------------
def test_the_form_refuses_to_empty_a_choice_the_record_needs(app, client, make_user, login):
    login(client, make_user("boss@example.com", roles=["admin"]))
    with app.app_context():
        customer = records.create("crm.customer", {"name": "Minh Phát", "tier": "gold"})
        model, customer_id = type(customer), customer.id
    response = client.post(
        f"/r/crm.customer/{customer_id}/edit", data={"name": "Minh Phát", "tier": ""}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "This field is required." in page
    with app.app_context():
        assert db.session.get(model, customer_id).tier == "gold"


def test_the_api_refuses_to_empty_it_with_the_same_message(app, client, make_user):
    headers = token_of(app, make_user("boss@example.com", roles=["admin"]))
    with app.app_context():
        customer_id = records.create("crm.customer", {"name": "Minh Phát"}).id
    response = client.patch(
        f"/api/v1/crm.customer/{customer_id}", json={"tier": None}, headers=headers
    )
    assert response.status_code == 422
    assert response.json["fields"] == {"tier": "required"}
