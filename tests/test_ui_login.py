"""Signing in: a finished form, a clear refusal, and redirects that stay on the site."""

from ui_support import text_of, ui_app  # noqa: F401


def test_login_page_has_fields_and_a_submit_button(client):
    page = client.get("/login").data.decode()
    assert 'name="email"' in page
    assert 'name="password"' in page
    assert 'type="submit"' in page


def test_wrong_password_answers_401_with_a_clear_message(client, make_user):
    make_user("lan@x.vn", password="right-password")
    response = client.post("/login", data={"email": "lan@x.vn", "password": "nope"})
    assert response.status_code == 401
    assert "Wrong e-mail or password." in text_of(response.data)


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    response = client.post("/login", data={"email": "ghost@x.vn", "password": "whatever"})
    assert response.status_code == 401
    assert "Wrong e-mail or password." in text_of(response.data)


def test_right_password_signs_in_and_goes_home(client, make_user):
    make_user("lan@x.vn", password="right-password")
    response = client.post("/login", data={"email": "LAN@x.vn", "password": "right-password"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_sign_in_returns_to_the_local_page_asked_for(client, make_user):
    make_user("lan@x.vn", password="right-password")
    response = client.post(
        "/login?next=/notifications", data={"email": "lan@x.vn", "password": "right-password"}
    )
    assert response.headers["Location"] == "/notifications"


def test_sign_in_never_redirects_to_another_site(client, make_user):
    make_user("lan@x.vn", password="right-password")
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        client.post("/logout")
        response = client.post(
            "/login",
            query_string={"next": target},
            data={"email": "lan@x.vn", "password": "right-password"},
        )
        assert response.headers["Location"] == "/", target


def test_inactive_user_cannot_sign_in(app, client, make_user):
    from core.db import db
    from core.models import User

    uid = make_user("gone@x.vn", password="right-password")
    with app.app_context():
        db.session.get(User, uid).active = False
        db.session.commit()
    response = client.post("/login", data={"email": "gone@x.vn", "password": "right-password"})
    assert response.status_code == 401
