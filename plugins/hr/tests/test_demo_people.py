"""One name per demo person: whichever plugin's demo creates a login first (the CRM's runs
before HR's and the orders'), the login carries the name and roles of HR's employee record."""

from __future__ import annotations

from sqlalchemy import select

from core.db import db
from core.models import User
from core.setup import init_instance
from plugins.hr.demo_data import PEOPLE
from plugins.hr.models import Employee


def test_every_demo_login_has_its_employees_name_and_roles(app):
    init_instance(app, demo=True)
    with app.app_context():
        linked = db.session.execute(
            select(User, Employee).join(Employee, Employee.user_id == User.id)
        ).all()
        assert {user.email for user, _employee in linked} == set(PEOPLE)
        for user, employee in linked:
            assert user.name == employee.name, user.email
            name, roles = PEOPLE[user.email]
            assert (user.name, sorted(user.roles)) == (name, sorted(roles))
