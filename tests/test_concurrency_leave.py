"""HR's one-click decisions when someone else decided first: a warning, never a second decision."""

from __future__ import annotations

import re
from datetime import date, timedelta

from core import records
from core.db import db

LEAVE = "hr.leave_request"


def _submitted_leave(app, make_user) -> tuple[int, int, int]:
    """A submitted leave of a staff member; ``(leave id, manager's user, officer's user)``."""
    manager = make_user("boss@example.com", ["employee", "manager"])
    officer = make_user("hr@example.com", ["employee", "hr_officer"])
    staff = make_user("staff@example.com", ["employee"])
    with app.app_context():
        department = records.create("hr.department", {"code": "SALES", "name": "Sales"})
        boss = records.create(
            "hr.employee", {"name": "Boss", "user_id": manager, "department_id": department.id}
        )
        worker = records.create(
            "hr.employee",
            {"name": "Staff", "user_id": staff, "department_id": department.id},
        )
        records.update("hr.employee", worker, {"manager_id": boss.id}, None)
        monday = date.today() + timedelta(days=7 - date.today().weekday())
        leave = records.create(
            LEAVE, {"employee_id": worker.id, "first_day": monday, "last_day": monday}, staff
        )
        records.transition(LEAVE, leave, "submitted", staff)
        return leave.id, manager, officer


def test_the_decision_buttons_say_which_state_they_were_shown_in(app, client, login, make_user):
    leave_id, manager, _officer = _submitted_leave(app, make_user)
    login(client, manager)
    page = client.get("/hr/leave/decide").data.decode()
    form = page[page.index(f"/r/hr.leave_request/{leave_id}/confirm-move") :]
    assert re.search(r'name="from" value="submitted"', form[: form.index("</form>")])


def test_approving_a_leave_someone_rejected_first_is_a_warning(app, client, login, make_user):
    leave_id, manager, officer = _submitted_leave(app, make_user)
    with app.app_context():
        records.transition(LEAVE, records.get_record(LEAVE, leave_id), "rejected", officer)
    login(client, manager)
    answer = client.post(
        f"/hr/leave/{leave_id}/approved",
        data={"from": "submitted", "next": "/hr/leave/decide"},
        follow_redirects=True,
    )
    assert "has already moved on (now Rejected)." in answer.data.decode()
    with app.app_context():
        leave = records.get_record(LEAVE, leave_id)
        assert (leave.state, leave.decided_by_id) == ("rejected", officer)
        db.session.remove()
