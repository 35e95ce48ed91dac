"""Which leave requests each person sees, through the generic list query."""

import pytest

from core.db import db
from core.listing import ListQuery, list_records
from core.models import User
from core.records import entity_type
from plugins.hr.models import LeaveRequest
from plugins.hr.tests.conftest import MANAGERS, file_leave

EVERYONE = tuple(MANAGERS)


@pytest.fixture
def leave_of(app, org):
    """One leave request per person: ``{name: leave id}``."""
    return {name: file_leave(app, org, name) for name in EVERYONE}


def visible_to(app, user_id, **filters):
    with app.app_context():
        user = db.session.get(User, user_id)
        page = list_records(
            entity_type("hr.leave_request"), user, ListQuery(filters=filters, per_page=100)
        )
        return {leave.id for leave in page.items}


def ids(leave_of, *names):
    return {leave_of[name] for name in names}


def test_an_employee_sees_only_their_own(app, org, leave_of):
    assert visible_to(app, org.users["staff"]) == ids(leave_of, "staff")


def test_a_manager_sees_their_own_and_their_direct_reports(app, org, leave_of):
    assert visible_to(app, org.users["lead"]) == ids(leave_of, "lead", "staff", "peer")


def test_a_manager_sees_indirect_reports_too(app, org, leave_of):
    assert visible_to(app, org.users["boss"]) == ids(leave_of, "boss", "lead", "staff", "peer")
    assert visible_to(app, org.users["ceo"]) == set(leave_of.values())


def test_an_hr_officer_sees_all(app, org, leave_of):
    assert visible_to(app, org.users["officer"]) == set(leave_of.values())


def test_a_user_without_employee_record_sees_none(app, org, leave_of):
    assert visible_to(app, org.loner) == set()


def test_filters_apply_inside_the_scope(app, org, leave_of):
    staff = org.employees["staff"]
    assert visible_to(app, org.users["lead"], employee_id=str(staff)) == ids(leave_of, "staff")
    assert visible_to(app, org.users["peer"], employee_id=str(staff)) == set()


def test_a_loop_in_the_manager_chain_does_not_hang_the_scope(app, org, leave_of):
    with app.app_context():
        from plugins.hr.models import Employee

        # bad data written behind the service functions' back: ceo reports to staff
        db.session.get(Employee, org.employees["ceo"]).manager_id = org.employees["staff"]
        db.session.commit()
    assert visible_to(app, org.users["staff"]) == set(leave_of.values())


def test_the_record_page_of_an_invisible_request_is_not_found(app, org, leave_of, client, login):
    login(client, org.users["peer"])
    assert client.get(f"/r/hr.leave_request/{leave_of['staff']}").status_code == 404
    login(client, org.users["lead"])
    assert client.get(f"/r/hr.leave_request/{leave_of['staff']}").status_code == 200


def test_every_leave_request_counts_once(app, org, leave_of):
    with app.app_context():
        assert db.session.query(LeaveRequest).count() == len(EVERYONE)
