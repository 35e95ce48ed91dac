"""The bell's pages: a user reads and marks only their own notifications."""

from datetime import UTC, datetime, timedelta

from ui_support import text_of, ui_app  # noqa: F401

from core.db import db
from core.models import Notification

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def _notify(app, user_id, subject, minutes=0, read=False, url=""):
    with app.app_context():
        row = Notification(
            user_id=user_id,
            subject=subject,
            url=url,
            created_at=T0 + timedelta(minutes=minutes),
            read_at=T0 if read else None,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def _read_at(app, notification_id):
    with app.app_context():
        return db.session.get(Notification, notification_id).read_at


def test_list_shows_own_notifications_newest_first(app, client, make_user, login):
    me, other = make_user("me@x.vn"), make_user("other@x.vn")
    _notify(app, me, "Older one", minutes=1)
    _notify(app, me, "Newer one", minutes=2)
    _notify(app, other, "Someone else's")
    login(client, me)
    page = text_of(client.get("/notifications").data)
    assert page.index("Newer one") < page.index("Older one")
    assert "Someone else's" not in page


def test_unread_notifications_are_bold(app, client, make_user, login):
    me = make_user("me@x.vn")
    unread = _notify(app, me, "Fresh")
    read = _notify(app, me, "Seen", read=True)
    login(client, me)
    page = client.get("/notifications").data.decode()
    assert f'nhip-unread" data-notification="{unread}"' in page
    assert f'nhip-unread" data-notification="{read}"' not in page
    assert f'data-notification="{read}"' in page


def test_times_are_shown_in_the_viewers_zone(app, client, make_user, login):
    me = make_user("me@x.vn")
    _notify(app, me, "Morning")
    login(client, me)
    assert "8:00" in text_of(client.get("/notifications").data)  # 01:00 UTC in Hanoi


def test_notifications_are_paged(app, client, make_user, login):
    me = make_user("me@x.vn")
    for n in range(30):
        _notify(app, me, f"Message {n:02d}", minutes=n)
    login(client, me)
    first = text_of(client.get("/notifications").data)
    assert "Message 29" in first and "Message 05" in first and "Message 04" not in first
    second = text_of(client.get("/notifications?page=2").data)
    assert "Message 04" in second and "Message 05" not in second


def test_marking_one_read(app, client, make_user, login):
    me = make_user("me@x.vn")
    first, second = _notify(app, me, "One"), _notify(app, me, "Two")
    login(client, me)
    response = client.post(f"/notifications/{first}/read")
    assert response.status_code == 302
    assert _read_at(app, first) is not None
    assert _read_at(app, second) is None


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(app, client, make_user, login):
    me = make_user("me@x.vn")
    row = _notify(app, me, "Look", url="/r/uitest.ticket/3")
    login(client, me)
    response = client.post(f"/notifications/{row}/read", data={"open": "1"})
    assert response.headers["Location"] == "/r/uitest.ticket/3"
    assert _read_at(app, row) is not None


def test_opening_never_leaves_the_site(app, client, make_user, login):
    me = make_user("me@x.vn")
    row = _notify(app, me, "Phish", url="https://evil.example/")
    login(client, me)
    response = client.post(f"/notifications/{row}/read", data={"open": "1"})
    assert response.headers["Location"] == "/notifications"


def test_another_users_notification_cannot_be_marked(app, client, make_user, login):
    me, other = make_user("me@x.vn"), make_user("other@x.vn")
    theirs = _notify(app, other, "Private")
    login(client, me)
    assert client.post(f"/notifications/{theirs}/read").status_code == 404
    assert _read_at(app, theirs) is None


def test_mark_all_read_touches_only_the_viewers_rows(app, client, make_user, login):
    me, other = make_user("me@x.vn"), make_user("other@x.vn")
    mine = [_notify(app, me, "A"), _notify(app, me, "B")]
    theirs = _notify(app, other, "C")
    login(client, me)
    response = client.post("/notifications/read-all")
    assert response.status_code == 302
    assert all(_read_at(app, n) is not None for n in mine)
    assert _read_at(app, theirs) is None
    assert "2 notifications marked as read." in text_of(client.get("/notifications").data)


def test_empty_list_has_a_friendly_message(client, make_user, login):
    login(client, make_user("me@x.vn"))
    assert "No notifications yet." in text_of(client.get("/notifications").data)


def test_notification_pages_need_a_login(client):
    assert client.get("/notifications").status_code == 302
    assert client.post("/notifications/read-all").status_code == 302
