"""HR's demo data: the documented organisation, loadable twice without duplicates."""

from sqlalchemy import func, select

from core.db import db
from core.demo import DemoContext
from core.models import User
from plugins.hr.demo import EMPLOYEES, LEAVES, load_demo
from plugins.hr.models import Department, Employee, LeaveRequest


def counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Department, Employee, LeaveRequest, User)
    )


def test_demo_loads_twice_without_duplicates(app):
    with app.app_context():
        load_demo(DemoContext())
        first = counts()
        load_demo(DemoContext())
        assert counts() == first
        assert first[:3] == (6, len(EMPLOYEES), len(LEAVES))


def test_demo_leave_requests_cover_every_state(app):
    with app.app_context():
        load_demo(DemoContext())
        states = set(db.session.scalars(select(LeaveRequest.state)))
        assert states == {"draft", "submitted", "approved", "rejected", "cancelled"}


def test_demo_logins_are_linked_to_their_employees_and_chain(app):
    with app.app_context():
        load_demo(DemoContext())
        hook = app.extensions["nhip"].hook
        user = db.session.scalar(select(User).where(User.email == "sales1@nhip.local"))
        head = db.session.scalar(select(User).where(User.email == "head.sales@nhip.local"))
        assert user.roles == ["employee", "sales"]
        assert hook.user_manager(user_id=user.id) == head.id
        assert hook.user_department(user_id=user.id) == "SALES"
        assert hook.department_head(department="SALES") == head.id
        hr_head = db.session.scalar(select(User).where(User.email == "head.hr@nhip.local"))
        assert "hr_officer" in hr_head.roles


def test_demo_links_logins_another_plugin_created_first(app):
    with app.app_context():
        context = DemoContext()
        earlier = context.add_user("support1@nhip.local", "Ánh", ["employee", "support"])
        load_demo(context)
        employee = db.session.scalar(
            select(Employee).where(Employee.email == "support1@nhip.local")
        )
        assert employee.user_id == earlier.id


def test_demo_leave_periods_last_the_listed_working_days(app):
    with app.app_context():
        load_demo(DemoContext())
        lengths = {(key, reason): days for key, _kind, _off, days, _state, reason, _note in LEAVES}
        for leave in db.session.scalars(select(LeaveRequest)):
            key = leave.employee.email.split("@")[0]
            assert leave.working_days == lengths[(key, leave.reason)]
