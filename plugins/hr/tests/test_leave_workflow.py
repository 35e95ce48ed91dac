"""Leave requests through the service functions: creation, every legal and illegal move."""

from datetime import timedelta

import pytest

from core import records
from core.db import db
from core.errors import BusinessRuleError, TransitionError, ValidationError
from plugins.hr.models import LeaveRequest
from plugins.hr.tests.conftest import MONDAY, file_leave

LEGAL = {
    ("draft", "submitted"): (),
    ("draft", "cancelled"): (),
    ("submitted", "approved"): ("submitted",),
    ("submitted", "rejected"): ("submitted",),
    ("submitted", "cancelled"): ("submitted",),
}
ALLOWED = {
    "draft": ["submitted", "cancelled"],
    "submitted": ["approved", "rejected", "cancelled"],
    "approved": [],
    "rejected": [],
    "cancelled": [],
}
PATH_TO = {
    "draft": (),
    "submitted": ("submitted",),
    "approved": ("submitted", "approved"),
    "rejected": ("submitted", "rejected"),
    "cancelled": ("cancelled",),
}
ILLEGAL = [
    (source, target)
    for source in ALLOWED
    for target in ("draft", "submitted", "approved", "rejected", "cancelled")
    if target not in ALLOWED[source]
]


def _actor(org, target):
    return org.users["lead"] if target in ("approved", "rejected") else org.users["staff"]


@pytest.mark.parametrize(("source", "target"), sorted(LEGAL))
def test_legal_move(app, org, source, target):
    leave_id = file_leave(app, org, "staff", to=LEGAL[(source, target)])
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        assert leave.state == source
        records.transition("hr.leave_request", leave, target, _actor(org, target))
        assert db.session.get(LeaveRequest, leave_id).state == target


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_move_is_refused_with_the_allowed_ones(app, org, source, target):
    leave_id = file_leave(app, org, "staff", to=PATH_TO[source])
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        with pytest.raises(TransitionError) as caught:
            records.transition("hr.leave_request", leave, target, _actor(org, target))
        assert caught.value.allowed == ALLOWED[source]
        assert db.session.get(LeaveRequest, leave_id).state == source


def test_a_request_is_filed_for_the_callers_own_employee_record(app, org):
    with app.app_context():
        leave = records.create(
            "hr.leave_request",
            {"first_day": MONDAY, "last_day": MONDAY + timedelta(days=2)},
            org.users["staff"],
        )
        assert leave.employee_id == org.employees["staff"]
        assert leave.state == "draft"


def test_a_caller_without_employee_record_must_name_the_employee(app, org):
    with app.app_context(), pytest.raises(ValidationError) as caught:
        records.create("hr.leave_request", {"first_day": MONDAY, "last_day": MONDAY}, org.loner)
    assert "employee_id" in caught.value.fields


def test_working_days_are_counted_when_saved(app, org):
    leave_id = file_leave(app, org, "staff", MONDAY, MONDAY + timedelta(days=8))
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        assert leave.working_days == 7
        records.update(
            "hr.leave_request", leave, {"last_day": MONDAY + timedelta(days=1)}, org.users["staff"]
        )
        assert db.session.get(LeaveRequest, leave_id).working_days == 2


def test_a_last_day_before_the_first_is_refused(app, org):
    with app.app_context(), pytest.raises(ValidationError) as caught:
        records.create(
            "hr.leave_request",
            {"first_day": MONDAY, "last_day": MONDAY - timedelta(days=1)},
            org.users["staff"],
        )
    assert set(caught.value.fields) == {"last_day"}


def test_nobody_files_leave_for_a_colleague(app, org):
    with app.app_context(), pytest.raises(BusinessRuleError):
        records.create(
            "hr.leave_request",
            {"employee_id": org.employees["peer"], "first_day": MONDAY, "last_day": MONDAY},
            org.users["staff"],
        )
    with app.app_context():
        assert db.session.query(LeaveRequest).count() == 0


def test_an_hr_officer_files_leave_for_anyone(app, org):
    with app.app_context():
        leave = records.create(
            "hr.leave_request",
            {"employee_id": org.employees["peer"], "first_day": MONDAY, "last_day": MONDAY},
            org.users["officer"],
        )
        assert leave.employee_id == org.employees["peer"]


def test_a_colleague_cannot_submit_or_cancel_someone_elses_request(app, org):
    leave_id = file_leave(app, org, "staff")
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        for target in ("submitted", "cancelled"):
            with pytest.raises(BusinessRuleError):
                records.transition("hr.leave_request", leave, target, org.users["peer"])
        assert db.session.get(LeaveRequest, leave_id).state == "draft"


def test_submitting_a_period_overlapping_another_open_request_is_refused(app, org):
    file_leave(app, org, "staff", MONDAY, MONDAY + timedelta(days=2), to=("submitted",))
    second = file_leave(app, org, "staff", MONDAY + timedelta(days=2), MONDAY + timedelta(days=3))
    with app.app_context():
        leave = db.session.get(LeaveRequest, second)
        with pytest.raises(BusinessRuleError, match="overlaps"):
            records.transition("hr.leave_request", leave, "submitted", org.users["staff"])


def test_a_cancelled_request_does_not_block_the_same_period(app, org):
    file_leave(app, org, "staff", to=("submitted", "cancelled"))
    second = file_leave(app, org, "staff", to=("submitted",))
    with app.app_context():
        assert db.session.get(LeaveRequest, second).state == "submitted"


def test_the_employee_edits_only_drafts(app, org):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        with pytest.raises(BusinessRuleError):
            records.update("hr.leave_request", leave, {"reason": "later"}, org.users["staff"])
        assert db.session.get(LeaveRequest, leave_id).reason is None


def test_an_officer_corrects_a_submitted_request_but_not_a_decided_one(app, org):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        records.update("hr.leave_request", leave, {"reason": "holiday"}, org.users["officer"])
        records.transition("hr.leave_request", leave, "approved", org.users["lead"])
        with pytest.raises(BusinessRuleError):
            records.update("hr.leave_request", leave, {"reason": "x"}, org.users["officer"])


def test_a_colleague_cannot_edit_someone_elses_draft(app, org):
    leave_id = file_leave(app, org, "staff")
    with app.app_context():
        leave = db.session.get(LeaveRequest, leave_id)
        with pytest.raises(BusinessRuleError):
            records.update("hr.leave_request", leave, {"reason": "mine now"}, org.users["peer"])
