"""Each employee's annual leave balance: the allowance a year less the working days of their
approved and waiting annual leave; shown on "My leave", and a request beyond it refused."""

from __future__ import annotations

from datetime import date

import pytest

from core import records
from core.db import db
from core.errors import BusinessRuleError, ValidationError
from plugins.hr.models import Employee, LeaveRequest
from plugins.hr.tests.conftest import MONDAY, file_leave

LEAVE = "hr.leave_request"
FRIDAY = date(2026, 12, 11)


@pytest.fixture
def december(clock):
    clock.set("2026-12-01 09:00")
    return clock


def allowance(app, org, who: str, days: int) -> None:
    with app.app_context():
        employee = db.session.get(Employee, org.employees[who])
        records.update("hr.employee", employee, {"leave_allowance": days}, org.users["officer"])


def balance_text(client) -> str:
    page = client.get("/hr/leave").data.decode()
    start = page.index("data-leave-balance")
    return " ".join(page[start : page.index("</div>\n</div>", start)].split())


def test_a_new_employee_has_twelve_days_a_year(app, org, client, login, december):
    login(client, org.users["staff"])
    assert "Annual leave left in 2026: 12 of 12 working days" in balance_text(client)


def test_my_leave_shows_what_is_approved_and_waiting(app, org, client, login, december):
    file_leave(app, org, "staff", MONDAY, date(2026, 12, 9), to=("submitted", "approved"))
    file_leave(app, org, "staff", date(2026, 12, 14), date(2026, 12, 15), to=("submitted",))
    file_leave(app, org, "staff", date(2026, 12, 21), date(2026, 12, 21))  # a draft: not yet
    with app.app_context():  # sick leave does not use the balance
        sick = records.create(
            LEAVE,
            {"employee_id": org.employees["staff"], "leave_type": "sick"}
            | {"first_day": date(2026, 12, 28), "last_day": date(2026, 12, 29)},
            org.users["staff"],
        )
        records.transition(LEAVE, sick, "submitted", org.users["staff"])
    login(client, org.users["staff"])
    text = balance_text(client)
    assert "Annual leave left in 2026: 7 of 12 working days" in text
    assert "3 approved, 2 waiting for a decision." in text


def test_the_balance_reads_in_vietnamese(app, org, client, login, december, make_user):
    with app.app_context():
        from core.models import User

        db.session.get(User, org.users["staff"]).language = "vi"
        db.session.commit()
    login(client, org.users["staff"])
    assert "Phép năm 2026 còn lại: 12 trên 12 ngày làm việc" in balance_text(client)


def test_asking_more_than_the_balance_is_refused_with_the_balance(app, org, december):
    allowance(app, org, "staff", 5)
    file_leave(app, org, "staff", MONDAY, date(2026, 12, 9), to=("submitted",))
    with app.app_context(), pytest.raises(ValidationError) as refused:
        records.create(
            LEAVE,
            {"employee_id": org.employees["staff"], "first_day": date(2026, 12, 14)}
            | {"last_day": date(2026, 12, 16)},
            org.users["staff"],
        )
    assert refused.value.fields["last_day"] == (
        "this asks for 3 working days of annual leave, but only 2 are left in 2026 (5 a year)"
    )
    assert file_leave(app, org, "staff", date(2026, 12, 14), date(2026, 12, 15))


def test_submitting_two_drafts_beyond_the_balance_refuses_the_second(app, org, december):
    allowance(app, org, "staff", 5)
    first = file_leave(app, org, "staff", MONDAY, date(2026, 12, 10))
    second = file_leave(app, org, "staff", date(2026, 12, 14), date(2026, 12, 15))
    with app.app_context():
        records.transition(
            LEAVE, db.session.get(LeaveRequest, first), "submitted", org.users["staff"]
        )
        with pytest.raises(BusinessRuleError, match="only 1 are left in 2026"):
            records.transition(
                LEAVE, db.session.get(LeaveRequest, second), "submitted", org.users["staff"]
            )
        db.session.rollback()
        assert db.session.get(LeaveRequest, second).state == "draft"


def test_the_my_leave_form_shows_the_refusal_beside_the_last_day(app, org, client, login, december):
    allowance(app, org, "staff", 2)
    login(client, org.users["staff"])
    response = client.post(
        "/hr/leave",
        data={
            "leave_type": "annual",
            "first_day": "2026-12-07",
            "last_day": "2026-12-09",
            "submit_now": "y",
        },
    )
    assert response.status_code == 422
    page = " ".join(response.data.decode().split())
    assert "but only 2 are left in 2026 (2 a year)" in page
    with app.app_context():
        assert db.session.query(LeaveRequest).count() == 0
