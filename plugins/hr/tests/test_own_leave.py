"""Nobody decides their own leave, however their employee record is edited: the rule holds on
the decider's identity and the audit trail (every login the employee record was ever linked to,
who filed and submitted the request), not on what the record says now. Through the service,
HR's pages, the generic pages and the JSON API alike."""

from __future__ import annotations

import pytest

from core import records
from core.db import db
from core.errors import BusinessRuleError, ValidationError
from plugins.hr.models import Employee, LeaveRequest
from plugins.hr.tests.conftest import MONDAY, file_leave

LEAVE = "hr.leave_request"


def edit_employee(app, org, who: str, values: dict, actor: str = "officer") -> None:
    with app.app_context():
        employee = db.session.get(Employee, org.employees[who])
        records.update("hr.employee", employee, values, org.users[actor])


def state_of(app, leave_id: int) -> str:
    with app.app_context():
        return db.session.get(LeaveRequest, leave_id).state


@pytest.fixture
def unlinked_leave(app, org) -> int:
    """The HR officer's own submitted leave, after they unlinked their login from their
    employee record (so that the record reads as someone else's)."""
    leave_id = file_leave(app, org, "officer", to=("submitted",))
    edit_employee(app, org, "officer", {"user_id": None})
    return leave_id


def test_unlinking_ones_login_does_not_let_an_officer_approve_their_leave(app, org, unlinked_leave):
    with app.app_context():
        leave = db.session.get(LeaveRequest, unlinked_leave)
        with pytest.raises(BusinessRuleError, match="their own leave"):
            records.transition(LEAVE, leave, "approved", org.users["officer"])
    assert state_of(app, unlinked_leave) == "submitted"


def test_moving_ones_login_to_another_record_does_not_either(app, org):
    leave_id = file_leave(app, org, "officer", to=("submitted",))
    edit_employee(app, org, "officer", {"user_id": None})
    edit_employee(app, org, "other", {"user_id": None})
    edit_employee(app, org, "other", {"user_id": org.users["officer"]})
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        with pytest.raises(BusinessRuleError):
            records.transition(LEAVE, leave, "rejected", org.users["officer"])
    assert state_of(app, leave_id) == "submitted"


def test_an_officer_cannot_make_themselves_their_own_manager(app, org):
    with pytest.raises(ValidationError):
        edit_employee(app, org, "officer", {"manager_id": org.employees["officer"]})


def test_a_request_filed_for_a_second_record_of_oneself_is_not_decided_by_its_filer(app, org):
    with app.app_context():
        twin = records.create("hr.employee", {"name": "Officer (2)"}, org.users["officer"])
        leave = records.create(
            LEAVE,
            {"employee_id": twin.id, "first_day": MONDAY, "last_day": MONDAY},
            org.users["officer"],
        )
        records.transition(LEAVE, leave, "submitted", org.users["officer"])
        with pytest.raises(BusinessRuleError, match="filed or submitted"):
            records.transition(LEAVE, leave, "approved", org.users["officer"])
        assert leave.state == "submitted"


def test_a_request_an_officer_filed_for_someone_else_is_decided_by_another(app, org):
    with app.app_context():
        leave = records.create(
            LEAVE,
            {"employee_id": org.employees["staff"], "first_day": MONDAY, "last_day": MONDAY},
            org.users["officer"],
        )
        records.transition(LEAVE, leave, "submitted", org.users["officer"])
        with pytest.raises(BusinessRuleError):
            records.transition(LEAVE, leave, "approved", org.users["officer"])
        records.transition(LEAVE, leave, "approved", org.users["lead"])
        assert leave.decided_by_id == org.users["lead"]


def test_another_officer_still_decides_it(app, org, make_user, unlinked_leave):
    second = make_user("officer2@example.com", ["employee", "hr_officer"], name="Officer Two")
    with app.app_context():
        leave = db.session.get(LeaveRequest, unlinked_leave)
        records.transition(LEAVE, leave, "approved", second)
        assert leave.decided_by_id == second


def test_api_refuses_the_officers_own_leave(app, client, login, org, unlinked_leave):
    login(client, org.users["officer"])
    answer = client.post(f"/api/v1/{LEAVE}/{unlinked_leave}/transition", json={"to": "approved"})
    assert answer.status_code == 409
    assert "own leave" in answer.json["error"]
    assert state_of(app, unlinked_leave) == "submitted"


def test_pages_refuse_the_officers_own_leave(app, client, login, org, unlinked_leave):
    login(client, org.users["officer"])
    client.post(f"/hr/leave/{unlinked_leave}/approved", data={})
    client.post(f"/r/{LEAVE}/{unlinked_leave}/transition", data={"to": "approved"})
    assert state_of(app, unlinked_leave) == "submitted"


def test_leave_to_decide_does_not_offer_the_officers_own_leave(
    app, client, login, org, unlinked_leave
):
    staff_leave = file_leave(app, org, "staff", to=("submitted",))
    login(client, org.users["officer"])
    html = client.get("/hr/leave/decide").get_data(as_text=True)
    assert f'data-leave="{staff_leave}"' in html
    assert f'data-leave="{unlinked_leave}"' not in html
