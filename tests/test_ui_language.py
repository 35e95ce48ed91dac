"""English and Vietnamese: the switch, where the choice is kept, and translated pages."""

from ui_support import text_of, ui_app  # noqa: F401

from core.db import db
from core.models import User


def test_vietnamese_user_sees_vietnamese_pages(client, make_user, login):
    login(client, make_user("an@x.vn", language="vi"))
    page = text_of(client.get("/profile").data)
    assert "Hồ sơ" in page
    assert "Đăng xuất" in page


def test_anonymous_visitor_can_switch_the_login_page_to_vietnamese(client):
    assert "Đăng nhập" not in text_of(client.get("/login").data)
    response = client.post("/language", data={"language": "vi", "next": "/login"})
    assert response.headers["Location"] == "/login"
    assert "Đăng nhập" in text_of(client.get("/login").data)


def test_switching_language_saves_it_in_the_profile(app, client, make_user, login):
    uid = make_user("an@x.vn", language="en")
    login(client, uid)
    client.post("/language", data={"language": "vi", "next": "/profile"})
    with app.app_context():
        assert db.session.get(User, uid).language == "vi"
    assert "Hồ sơ" in text_of(client.get("/profile").data)


def test_unknown_language_is_ignored(app, client, make_user, login):
    uid = make_user("an@x.vn", language="en")
    login(client, uid)
    client.post("/language", data={"language": "xx"})
    with app.app_context():
        assert db.session.get(User, uid).language == "en"


def test_language_switch_returns_only_to_local_pages(client):
    response = client.post("/language", data={"language": "vi", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"


def test_browser_language_is_used_before_any_choice(client):
    page = client.get("/login", headers={"Accept-Language": "vi-VN,vi;q=0.9"}).data
    assert "Đăng nhập" in text_of(page)
