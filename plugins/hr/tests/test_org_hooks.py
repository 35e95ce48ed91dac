"""The org directory hooks HR answers: manager, department, department head, departments."""

from core.db import db
from core.models import User
from plugins.hr.models import Employee


def hook(app):
    return app.extensions["nhip"].hook


def test_user_manager_is_the_direct_managers_login(app, org):
    with app.app_context():
        assert hook(app).user_manager(user_id=org.users["staff"]) == org.users["lead"]
        assert hook(app).user_manager(user_id=org.users["lead"]) == org.users["boss"]


def test_user_manager_is_none_at_the_top_and_without_employee_record(app, org):
    with app.app_context():
        assert hook(app).user_manager(user_id=org.users["ceo"]) is None
        assert hook(app).user_manager(user_id=org.loner) is None


def test_user_manager_skips_a_manager_without_an_active_login(app, org):
    with app.app_context():
        db.session.get(User, org.users["lead"]).active = False
        db.session.commit()
        assert hook(app).user_manager(user_id=org.users["staff"]) == org.users["boss"]
        db.session.get(Employee, org.employees["boss"]).user_id = None
        db.session.commit()
        assert hook(app).user_manager(user_id=org.users["staff"]) == org.users["ceo"]


def test_user_department_is_the_department_code(app, org):
    with app.app_context():
        assert hook(app).user_department(user_id=org.users["staff"]) == "SALES"
        assert hook(app).user_department(user_id=org.users["officer"]) == "HR"
        assert hook(app).user_department(user_id=org.loner) is None


def test_department_head_is_the_heads_login(app, org):
    with app.app_context():
        assert hook(app).department_head(department="SALES") == org.users["boss"]
        assert hook(app).department_head(department="sales") == org.users["boss"]
        assert hook(app).department_head(department="NOPE") is None


def test_department_head_without_login_is_none(app, org):
    with app.app_context():
        db.session.get(Employee, org.employees["other"]).user_id = None
        db.session.commit()
        assert hook(app).department_head(department="WAREHOUSE") is None


def test_departments_lists_code_and_name(app, org):
    with app.app_context():
        answers = hook(app).departments()
        assert [("EXEC", "Exec"), ("HR", "Hr"), ("SALES", "Sales"), ("WAREHOUSE", "Warehouse")] in (
            answers
        )


def test_each_hook_is_one_query(app, org):
    from sqlalchemy import event

    with app.app_context():
        statements = []
        engine = db.engine

        def count(*_args, **_kwargs):
            statements.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            for call in (
                lambda: hook(app).user_manager(user_id=org.users["staff"]),
                lambda: hook(app).user_department(user_id=org.users["staff"]),
                lambda: hook(app).department_head(department="SALES"),
            ):
                statements.clear()
                call()
                assert len(statements) == 1
        finally:
            event.remove(engine, "before_cursor_execute", count)
