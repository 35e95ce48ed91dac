"""The users administration pages: access, list, create, edit and their validation."""

from __future__ import annotations

import pytest

from core.db import db
from core.models import User


@pytest.fixture
def admin(app, make_user, client, login):
    """A signed-in administrator; returns their id."""
    uid = make_user("admin@example.com", roles=["admin", "employee"], name="Admin")
    login(client, uid)
    return uid


def user_row(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
        if user is not None:
            db.session.expunge(user)
        return user


def admin_urls(app):
    """Every admin route as (method, url), with sample URL arguments."""
    samples = {"name": "hr", "user_id": 1, "job_id": "sla-clock-1"}
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("admin."):
                continue
            url = url_for(rule.endpoint, **{a: samples[a] for a in rule.arguments})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, url


def test_every_admin_page_is_refused_to_non_admins(app, client, make_user, login):
    login(client, make_user("staff@example.com", roles=["employee"]))
    urls = list(admin_urls(app))
    assert len(urls) >= 7
    for method, url in urls:
        response = client.open(url, method=method)
        assert response.status_code == 403, (method, url)


def test_anonymous_visitors_are_sent_to_login(app, client):
    for method, url in admin_urls(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/login")


def test_the_list_searches_and_filters(app, client, admin, make_user):
    make_user("lan@example.com", roles=["employee"], name="Nguyễn Lan")
    minh = make_user("minh@example.com", roles=["employee"], name="Trần Minh")
    with app.app_context():
        db.session.get(User, minh).active = False
        db.session.commit()
    everyone = client.get("/admin/users").get_data(as_text=True)
    assert "lan@example.com" in everyone and "minh@example.com" in everyone
    found = client.get("/admin/users?q=LAN").get_data(as_text=True)
    assert "lan@example.com" in found and "minh@example.com" not in found
    admins = client.get("/admin/users?role=admin").get_data(as_text=True)
    assert "admin@example.com" in admins and "lan@example.com" not in admins
    inactive = client.get("/admin/users?active=0").get_data(as_text=True)
    assert "minh@example.com" in inactive and "lan@example.com" not in inactive


def new_user_form(**overrides):
    data = {
        "email": "Hoa@Example.com",
        "name": "Phạm Hoa",
        "roles": ["employee"],
        "language": "vi",
        "timezone": "Asia/Ho_Chi_Minh",
        "active": "y",
        "password": "hoa-secret-1",
    }
    data.update(overrides)
    return data


def test_creating_a_user(app, client, admin):
    response = client.post("/admin/users/new", data=new_user_form())
    assert response.status_code == 302
    user = user_row(app, "hoa@example.com")
    assert user is not None
    assert user.name == "Phạm Hoa"
    assert user.roles == ["employee"]
    assert user.language == "vi"
    assert user.timezone == "Asia/Ho_Chi_Minh"
    assert user.active
    assert user.check_password("hoa-secret-1")
    assert response.headers["Location"].endswith(f"/admin/users/{user.id}")


def test_the_new_user_form_offers_the_declared_roles(app, client, admin):
    html = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="admin"' in html and 'value="employee"' in html
    assert "Asia/Ho_Chi_Minh" in html


def test_an_e_mail_already_in_use_is_refused_clearly(app, client, admin, make_user):
    make_user("hoa@example.com")
    response = client.post("/admin/users/new", data=new_user_form(email="HOA@example.com"))
    assert response.status_code == 422
    assert "A user with this e-mail already exists." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("password", "short", "Use at least 12 characters."),
        ("password", "password1234", "too easy to guess"),
        ("email", "not-an-address", "Enter an e-mail address"),
        ("name", "", "This field is required."),
        ("roles", ["no-such-role"], "is not a valid choice"),
        ("timezone", "Mars/Olympus", "Not a valid choice"),
    ],
)
def test_invalid_new_users_are_refused(app, client, admin, field, value, message):
    response = client.post("/admin/users/new", data=new_user_form(**{field: value}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert user_row(app, "hoa@example.com") is None


def edit_form(user: User, **overrides):
    data = {
        "name": user.name,
        "roles": user.roles,
        "language": user.language,
        "timezone": user.timezone,
        "active": "y" if user.active else "",
        "password": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def test_editing_name_roles_and_active(app, client, admin, make_user):
    uid = make_user("lan@example.com", roles=["employee"], password="old-password")
    lan = user_row(app, "lan@example.com")
    response = client.post(
        f"/admin/users/{uid}",
        data=edit_form(lan, name="Lan Nguyễn", roles=["admin", "employee"], active=""),
    )
    assert response.status_code == 302
    lan = user_row(app, "lan@example.com")
    assert lan.name == "Lan Nguyễn"
    assert lan.roles == ["admin", "employee"]
    assert not lan.active
    assert lan.check_password("old-password")


def test_resetting_a_password(app, client, admin, make_user):
    uid = make_user("lan@example.com", password="old-password")
    lan = user_row(app, "lan@example.com")
    short = client.post(f"/admin/users/{uid}", data=edit_form(lan, password="1234567"))
    assert short.status_code == 422
    assert user_row(app, "lan@example.com").check_password("old-password")
    ok = client.post(f"/admin/users/{uid}", data=edit_form(lan, password="ferry-lantern-42"))
    assert ok.status_code == 302
    assert user_row(app, "lan@example.com").check_password("ferry-lantern-42")


def test_roles_of_disabled_plugins_are_kept_on_edit(app, client, admin, make_user):
    uid = make_user("lan@example.com", roles=["employee", "retired_module_role"])
    lan = user_row(app, "lan@example.com")
    form = edit_form(lan, roles=["employee"])
    assert client.post(f"/admin/users/{uid}", data=form).status_code == 302
    assert user_row(app, "lan@example.com").roles == ["employee", "retired_module_role"]


def test_an_admin_cannot_remove_their_own_admin_role(app, client, admin):
    me = user_row(app, "admin@example.com")
    response = client.post(f"/admin/users/{admin}", data=edit_form(me, roles=["employee"]))
    assert response.status_code == 422
    assert "You cannot remove your own administrator role" in response.get_data(as_text=True)
    assert user_row(app, "admin@example.com").roles == ["admin", "employee"]


def test_an_admin_cannot_deactivate_themselves(app, client, admin):
    me = user_row(app, "admin@example.com")
    response = client.post(f"/admin/users/{admin}", data=edit_form(me, active=""))
    assert response.status_code == 422
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    assert user_row(app, "admin@example.com").active


def test_an_unknown_user_is_404(app, client, admin):
    assert client.get("/admin/users/999999").status_code == 404
