"""Who may approve or reject a submitted leave request."""

import pytest

from core import records
from core.db import db
from core.errors import BusinessRuleError
from core.models import User
from plugins.hr.models import LeaveRequest
from plugins.hr.tests.conftest import file_leave


def _set_roles(app, user_id, roles):
    with app.app_context():
        db.session.get(User, user_id).set_roles(roles)
        db.session.commit()


def decide(app, leave_id, user_id, to="approved"):
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        records.transition("hr.leave_request", leave, to, user_id)
        return db.session.get(LeaveRequest, leave_id)


@pytest.mark.parametrize("to", ["approved", "rejected"])
def test_the_direct_manager_decides(app, org, to):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    leave = decide(app, leave_id, org.users["lead"], to)
    assert leave.state == to
    assert leave.decided_by_id == org.users["lead"]
    assert leave.decided_at is not None


@pytest.mark.parametrize("to", ["approved", "rejected"])
def test_an_hr_officer_decides(app, org, to):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    assert decide(app, leave_id, org.users["officer"], to).state == to


def test_a_colleague_is_refused(app, org):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    with pytest.raises(BusinessRuleError):
        decide(app, leave_id, org.users["peer"])
    with app.app_context():
        assert db.session.get(LeaveRequest, leave_id).state == "submitted"


def test_a_manager_of_another_team_is_refused(app, org):
    _set_roles(app, org.users["other"], ["employee", "manager"])
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    with pytest.raises(BusinessRuleError, match="direct manager or an HR officer"):
        decide(app, leave_id, org.users["other"])


def test_a_manager_higher_up_the_chain_is_refused(app, org):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    with pytest.raises(BusinessRuleError, match="direct manager"):
        decide(app, leave_id, org.users["boss"])


def test_a_manager_cannot_approve_their_own_request(app, org):
    leave_id = file_leave(app, org, "lead", to=("submitted",))
    with pytest.raises(BusinessRuleError, match="their own"):
        decide(app, leave_id, org.users["lead"])


def test_an_hr_officer_cannot_approve_their_own_request(app, org):
    leave_id = file_leave(app, org, "officer", to=("submitted",))
    with pytest.raises(BusinessRuleError, match="their own"):
        decide(app, leave_id, org.users["officer"])
    assert decide(app, leave_id, org.users["ceo"]).state == "approved"


def test_a_direct_manager_without_hr_approve_is_refused(app, org):
    _set_roles(app, org.users["lead"], ["employee"])
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    with pytest.raises(BusinessRuleError, match="hr.approve"):
        decide(app, leave_id, org.users["lead"])


def test_a_decision_without_a_person_is_refused(app, org):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    with pytest.raises(BusinessRuleError):
        decide(app, leave_id, None)


def test_an_administrator_decides_as_hr_officer(app, org, make_user):
    admin = make_user("admin@example.com", roles=["admin"])
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    assert decide(app, leave_id, admin).state == "approved"
