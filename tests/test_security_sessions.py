"""Sessions end when they should: signing out, a password change or a deactivation ends every
session and "keep me signed in" cookie of the user, on every device; the remember cookie is new
at each sign-in and stops working after NHIP_SESSION_DAYS; the CSRF token is new at sign-in."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine

from core.db import db, utcnow
from core.models import User
from core.setup import init_instance
from core.testing import make_app

PASSWORD = "ferry-lantern-42"
NEW_PASSWORD = "quiet-harbour-719"
REMEMBER = "remember_token"


def sign_in(client, email: str = "lan@example.com", remember: bool = False, password=PASSWORD):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def signed_in(client) -> bool:
    response = client.get("/profile")
    return response.status_code == 200


def remember_cookie(client) -> str | None:
    cookie = client.get_cookie(REMEMBER)
    return cookie.value if cookie else None


def device_with_only_the_remember_cookie(app, value: str):
    """A browser restarted: no session cookie, only "keep me signed in"."""
    client = app.test_client()
    client.set_cookie(REMEMBER, value)
    return client


def test_signing_out_ends_the_users_sessions_on_every_device(app, make_user):
    make_user("lan@example.com", password=PASSWORD)
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone)
    sign_in(laptop)
    assert signed_in(phone) and signed_in(laptop)
    laptop.post("/logout")
    assert not signed_in(laptop)
    assert not signed_in(phone), "the phone's session ended with the sign-out on the laptop"


def test_signing_out_ends_the_remember_cookies_too(app, make_user):
    make_user("lan@example.com", password=PASSWORD)
    phone = app.test_client()
    sign_in(phone, remember=True)
    kept = remember_cookie(phone)
    assert kept
    assert signed_in(device_with_only_the_remember_cookie(app, kept))
    laptop = app.test_client()
    sign_in(laptop)
    laptop.post("/logout")
    assert not signed_in(device_with_only_the_remember_cookie(app, kept))


def test_a_stolen_session_cookie_is_dead_after_sign_out(app, make_user):
    make_user("lan@example.com", password=PASSWORD)
    client = app.test_client()
    sign_in(client)
    stolen = client.get_cookie("session").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert not signed_in(thief)


def test_changing_ones_password_ends_the_other_sessions_but_not_this_one(app, make_user):
    make_user("lan@example.com", password=PASSWORD)
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, remember=True)
    old_remember = remember_cookie(phone)
    sign_in(laptop, remember=True)
    response = laptop.post(
        "/profile/password",
        data={
            "password-current": PASSWORD,
            "password-new": NEW_PASSWORD,
            "password-confirm": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert signed_in(laptop), "the session that changed the password goes on"
    assert not signed_in(phone)
    assert not signed_in(device_with_only_the_remember_cookie(app, old_remember))
    new_remember = remember_cookie(laptop)
    assert new_remember and new_remember != old_remember
    assert signed_in(device_with_only_the_remember_cookie(app, new_remember))


def test_an_administrator_deactivating_a_user_ends_their_sessions_for_good(app, make_user, login):
    uid = make_user("lan@example.com", password=PASSWORD)
    phone = app.test_client()
    sign_in(phone, remember=True)
    kept = remember_cookie(phone)
    admin = app.test_client()
    login(admin, make_user("root@example.com", roles=["admin"]))
    form = {"name": "Lan", "roles": ["employee"], "language": "en", "timezone": "Asia/Bangkok"}
    assert admin.post(f"/admin/users/{uid}", data=form).status_code == 302
    assert not signed_in(phone)
    form["active"] = "y"  # reactivated: the old sessions stay ended
    assert admin.post(f"/admin/users/{uid}", data=form).status_code == 302
    with app.app_context():
        assert db.session.get(User, uid).active
    assert not signed_in(phone)
    assert not signed_in(device_with_only_the_remember_cookie(app, kept))


def test_a_password_reset_by_an_administrator_ends_the_users_sessions(app, make_user, login):
    uid = make_user("lan@example.com", password=PASSWORD)
    phone = app.test_client()
    sign_in(phone)
    with app.app_context():
        db.session.get(User, uid).set_password(NEW_PASSWORD)
        db.session.commit()
    assert not signed_in(phone)
    sign_in(phone, password=NEW_PASSWORD)
    assert signed_in(phone)


def test_saving_a_user_without_changes_keeps_their_sessions(app, make_user, login):
    uid = make_user("lan@example.com", password=PASSWORD)
    phone = app.test_client()
    sign_in(phone)
    admin = app.test_client()
    login(admin, make_user("root@example.com", roles=["admin"]))
    form = {
        "name": "Lan N",
        "roles": ["employee"],
        "language": "en",
        "timezone": "Asia/Bangkok",
        "active": "y",
    }
    assert admin.post(f"/admin/users/{uid}", data=form).status_code == 302
    assert signed_in(phone)


def test_the_remember_cookie_is_new_at_each_sign_in(app, make_user):
    make_user("lan@example.com", password=PASSWORD)
    values = set()
    for _ in range(3):
        client = app.test_client()
        sign_in(client, remember=True)
        values.add(remember_cookie(client))
    assert len(values) == 3 and None not in values


def test_the_remember_cookie_has_an_expiry_and_stops_working_after_it(app, make_user):
    make_user("lan@example.com", password=PASSWORD)
    client = app.test_client()
    response = sign_in(client, remember=True)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(REMEMBER))
    assert "Expires=" in header and "HttpOnly" in header
    kept = remember_cookie(client)
    days = app.config["NHIP"].session_days
    with time_machine.travel(utcnow() + timedelta(days=days - 1), tick=False):
        assert signed_in(device_with_only_the_remember_cookie(app, kept))
    with time_machine.travel(utcnow() + timedelta(days=days, hours=1), tick=False):
        assert not signed_in(device_with_only_the_remember_cookie(app, kept)), (
            "a cookie kept past its expiry (or replayed) is refused by the server too"
        )


def test_a_session_from_before_the_upgrade_is_refused(app, client, make_user):
    uid = make_user("lan@example.com", password=PASSWORD)
    with client.session_transaction() as session:
        session["_user_id"] = str(uid)  # the login id of the earlier versions
    assert not signed_in(client)


def test_a_login_id_with_a_made_up_session_key_is_refused(app, client, make_user):
    uid = make_user("lan@example.com", password=PASSWORD)
    with client.session_transaction() as session:
        session["_user_id"] = f"{uid}:{'0' * 32}:{int(utcnow().timestamp())}:00000000"
    assert not signed_in(client)


def test_sign_in_drops_the_previous_session_and_its_csrf_token(tmp_path, fresh_database_url):
    app = make_app(tmp_path / "instance", fresh_database_url, WTF_CSRF_ENABLED=True)
    init_instance(app)
    try:
        with app.app_context():
            user = User(email="lan@example.com", name="Lan")
            user.set_password(PASSWORD)
            user.set_roles(["employee"])
            db.session.add(user)
            db.session.commit()
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        before = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        with client.session_transaction() as session:
            raw_before = session["csrf_token"]
            session["planted"] = "by someone else"
        response = client.post(
            "/login", data={"email": "lan@example.com", "password": PASSWORD, "csrf_token": before}
        )
        assert response.status_code == 302
        with client.session_transaction() as session:
            assert "planted" not in session
            assert session.get("csrf_token") != raw_before
        refused = client.post("/logout", data={"csrf_token": before})
        assert refused.status_code == 400, "the token from before the sign-in no longer works"
        assert signed_in(client)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_the_upgrade_gives_each_existing_user_a_session_key_of_their_own(
    tmp_path, fresh_database_url
):
    from alembic import command
    from sqlalchemy import text

    from core.migrate import alembic_config

    app = make_app(tmp_path / "instance", fresh_database_url)
    try:
        with app.app_context(), db.engine.begin() as connection:
            command.upgrade(alembic_config(app, connection), "core_0002")
            for email in ("a@example.com", "b@example.com"):
                connection.execute(
                    text(
                        "insert into core_user (email, name, password_hash, active, language,"
                        " timezone, created_at) values (:e, 'X', '', true, 'en', 'UTC', :now)"
                    ),
                    {"e": email, "now": utcnow().replace(tzinfo=None)},
                )
            command.upgrade(alembic_config(app, connection), "core_0003")
            keys = connection.execute(text("select session_key from core_user")).scalars().all()
        assert len(keys) == 2 and all(len(key) == 32 for key in keys) and keys[0] != keys[1]
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
