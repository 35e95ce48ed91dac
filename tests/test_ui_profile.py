"""The profile page: name, language, time zone (shown times follow it) and password."""

from datetime import UTC, datetime

from ui_support import new_ticket, text_of, ui_app  # noqa: F401

from core.db import db
from core.models import User


def _save(client, **values):
    data = {"profile-name": "An", "profile-language": "en", "profile-timezone": "Asia/Ho_Chi_Minh"}
    data.update({f"profile-{k}": v for k, v in values.items()})
    return client.post("/profile", data=data)


def test_profile_saves_name_language_and_time_zone(app, client, make_user, login):
    uid = make_user("an@x.vn")
    login(client, uid)
    response = _save(client, name="Lê Văn An", language="vi", timezone="Europe/Paris")
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, uid)
        assert (user.name, user.language, user.timezone) == ("Lê Văn An", "vi", "Europe/Paris")


def test_unknown_time_zone_is_refused_with_a_message(app, client, make_user, login):
    uid = make_user("an@x.vn")
    login(client, uid)
    response = _save(client, timezone="Mars/Olympus")
    assert response.status_code == 422
    assert "Choose a time zone from the list" in text_of(response.data)
    with app.app_context():
        assert db.session.get(User, uid).timezone == "Asia/Ho_Chi_Minh"


def test_times_are_shown_in_the_viewers_time_zone(app, client, make_user, login):
    uid = make_user("an@x.vn", roles=["uitest_agent"])
    ticket = new_ticket(app, opened_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    login(client, uid)
    assert "10:00" in text_of(client.get(f"/r/uitest.ticket/{ticket}").data)
    _save(client, timezone="Europe/London")
    page = text_of(client.get(f"/r/uitest.ticket/{ticket}").data)
    assert "3:00" in page
    assert "10:00" not in page


def test_password_change_needs_the_current_password(app, client, make_user, login):
    uid = make_user("an@x.vn", password="old-password")
    login(client, uid)
    response = client.post(
        "/profile/password",
        data={
            "password-current": "wrong-one",
            "password-new": "brand-new-pass",
            "password-confirm": "brand-new-pass",
        },
    )
    assert response.status_code == 422
    assert "This is not your current password." in text_of(response.data)
    with app.app_context():
        assert db.session.get(User, uid).check_password("old-password")


def test_password_change_with_the_current_password_works(app, client, make_user, login):
    uid = make_user("an@x.vn", password="old-password")
    login(client, uid)
    response = client.post(
        "/profile/password",
        data={
            "password-current": "old-password",
            "password-new": "brand-new-pass",
            "password-confirm": "brand-new-pass",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, uid).check_password("brand-new-pass")


def test_new_password_must_be_repeated_exactly(client, make_user, login):
    login(client, make_user("an@x.vn", password="old-password"))
    response = client.post(
        "/profile/password",
        data={
            "password-current": "old-password",
            "password-new": "brand-new-pass",
            "password-confirm": "other-new-pass",
        },
    )
    assert response.status_code == 422
    assert "The passwords differ." in text_of(response.data)
