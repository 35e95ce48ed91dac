"""HR's pages: department tree, org chart, my leave, leave to decide."""

import re
from datetime import timedelta

from core.db import db
from plugins.hr.models import LeaveRequest
from plugins.hr.tests.conftest import MONDAY, file_leave


def test_org_chart_renders_the_chain_for_hr_readers(client, login, org):
    login(client, org.users["staff"])
    response = client.get("/hr/org-chart")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    order = [int(n) for n in re.findall(r'data-employee="(\d+)"', html)]
    depth_first = ("ceo", "boss", "lead", "peer", "staff", "officer", "other")
    assert order == [org.employees[name] for name in depth_first]


def test_org_chart_is_forbidden_without_hr_read(client, login, make_user):
    login(client, make_user("nobody@example.com", roles=[]))
    assert client.get("/hr/org-chart").status_code == 403


def test_department_tree_nests_departments(app, client, login, org):
    from core import records

    with app.app_context():
        department = db.session.get(
            records.entity_type("hr.department").model, org.departments["SALES"]
        )
        records.update("hr.department", department, {"parent_id": org.departments["EXEC"]}, None)
    login(client, org.users["staff"])
    response = client.get("/hr/departments")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-code="SALES"' in html and "Head: Boss" in html


def test_department_tree_is_forbidden_without_hr_read(client, login, make_user):
    login(client, make_user("nobody@example.com", roles=[]))
    assert client.get("/hr/departments").status_code == 403


def test_my_leave_files_and_submits_a_request(app, client, login, org):
    login(client, org.users["staff"])
    assert client.get("/hr/leave").status_code == 200
    response = client.post(
        "/hr/leave",
        data={
            "leave_type": "annual",
            "first_day": MONDAY.isoformat(),
            "last_day": (MONDAY + timedelta(days=2)).isoformat(),
            "reason": "Về quê",
            "submit_now": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        leave = db.session.query(LeaveRequest).one()
        assert (leave.employee_id, leave.state, leave.working_days) == (
            org.employees["staff"],
            "submitted",
            3,
        )


def test_my_leave_shows_field_errors(client, login, org):
    login(client, org.users["staff"])
    response = client.post(
        "/hr/leave",
        data={
            "leave_type": "annual",
            "first_day": MONDAY.isoformat(),
            "last_day": (MONDAY - timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "must be on or after the first day" in response.get_data(as_text=True)


def test_my_leave_explains_a_missing_employee_record(client, login, org):
    login(client, org.loner)
    response = client.get("/hr/leave")
    assert response.status_code == 200
    assert "not linked to an employee record" in response.get_data(as_text=True)


def test_leave_to_decide_lists_direct_reports_and_approves_in_one_click(app, client, login, org):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    file_leave(app, org, "boss", to=("submitted",))
    login(client, org.users["lead"])
    html = client.get("/hr/leave/decide").get_data(as_text=True)
    assert f'data-leave="{leave_id}"' in html and html.count("data-leave=") == 1
    response = client.post(f"/hr/leave/{leave_id}/approved", data={"next": "/hr/leave/decide"})
    assert response.status_code == 302 and response.headers["Location"] == "/hr/leave/decide"
    with app.app_context():
        assert db.session.get(LeaveRequest, leave_id).state == "approved"


def test_approving_from_leave_to_decide_asks_first_and_comes_back(app, client, login, org):
    """Approving is final: the queue's button opens the host's question, whose button makes the
    move and leads back to the queue; keeping the request as it is changes nothing."""
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    login(client, org.users["lead"])
    html = client.get("/hr/leave/decide").get_data(as_text=True)
    confirm = f"/r/hr.leave_request/{leave_id}/confirm-move"
    assert f'action="{confirm}"' in html, "the Approve button asks first"
    question = client.post(confirm, data={"to": "approved", "next": "/hr/leave/decide"})
    page = question.get_data(as_text=True)
    assert question.status_code == 200 and 'id="confirm-move"' in page
    assert 'name="next" value="/hr/leave/decide"' in page
    assert 'href="/hr/leave/decide">' in page, "keeping it leads back to the queue"
    with app.app_context():
        assert db.session.get(LeaveRequest, leave_id).state == "submitted"
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    answer = client.post(
        f"/r/hr.leave_request/{leave_id}/transition",
        data={
            "to": "approved",
            "from": "submitted",
            "version": version,
            "next": "/hr/leave/decide",
        },
    )
    assert answer.status_code == 302 and answer.headers["Location"] == "/hr/leave/decide"
    with app.app_context():
        assert db.session.get(LeaveRequest, leave_id).state == "approved"


def test_a_refused_decision_is_explained_not_applied(app, client, login, org):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    login(client, org.users["boss"])
    response = client.post(f"/hr/leave/{leave_id}/approved", follow_redirects=True)
    assert "direct manager" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(LeaveRequest, leave_id).state == "submitted"


def test_deciding_needs_hr_approve(app, client, login, org):
    leave_id = file_leave(app, org, "staff", to=("submitted",))
    login(client, org.users["peer"])
    assert client.post(f"/hr/leave/{leave_id}/approved").status_code == 403
    assert client.get("/hr/leave/decide").status_code == 403


def test_one_click_moves_are_scoped_to_visible_requests(app, client, login, org):
    leave_id = file_leave(app, org, "staff")
    login(client, org.users["peer"])
    assert client.post(f"/hr/leave/{leave_id}/submitted").status_code == 404


def test_the_dashboard_shows_leave_waiting_for_the_manager(app, client, login, org):
    file_leave(app, org, "staff", to=("submitted",))
    login(client, org.users["lead"])
    html = client.get("/").get_data(as_text=True)
    assert 'data-source="hr"' in html and "Staff" in html


def test_the_leave_card_is_only_for_people_who_can_decide_something(app, client, login, org):
    file_leave(app, org, "staff", to=("submitted",))
    for person, shown in (
        ("lead", True),  # the staff's manager
        ("officer", True),  # HR decides anyone's
        ("boss", False),  # a manager, but not the staff's direct one
        ("staff", False),  # nobody decides their own
        ("peer", False),  # no hr.approve
    ):
        login(client, org.users[person])
        html = client.get("/").get_data(as_text=True)
        assert ('data-source="hr"' in html) is shown, person


def test_pages_speak_vietnamese(app, client, login, org, make_user):
    from core.models import User

    with app.app_context():
        db.session.get(User, org.users["staff"]).language = "vi"
        db.session.commit()
    login(client, org.users["staff"])
    assert "Sơ đồ tổ chức" in client.get("/hr/org-chart").get_data(as_text=True)
