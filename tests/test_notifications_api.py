"""``/api/v1/notifications``: the caller's notifications, by session or by API token."""

from __future__ import annotations

import time_machine

from core.db import db
from core.models import ApiToken, User
from core.notifications import notify


def _notify_each(app, user_id: int, subjects: list[str]) -> list[int]:
    """One notification per subject, a minute apart (oldest first); returns their ids."""
    ids = []
    with app.app_context():
        for minute, subject in enumerate(subjects):
            with time_machine.travel(f"2026-03-02 08:{minute:02d}:00+07:00", tick=False):
                ids.append(notify([user_id], subject)[0].id)
        db.session.commit()
    return ids


def test_anonymous_callers_get_401(client):
    response = client.get("/api/v1/notifications")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.post("/api/v1/notifications/1/read").status_code == 401


def test_the_list_is_the_callers_newest_first(app, client, make_user, login):
    lan = make_user("lan@example.com")
    minh = make_user("minh@example.com")
    _notify_each(app, lan, ["first", "second", "third"])
    _notify_each(app, minh, ["not for Lan"])
    login(client, lan)
    body = client.get("/api/v1/notifications").json
    assert [item["subject"] for item in body["items"]] == ["third", "second", "first"]
    assert body["total"] == 3
    assert body["page"] == 1
    assert set(body["items"][0]) >= {"id", "subject", "body", "url", "kind", "read", "created_at"}


def test_unread_filter_and_paging(app, client, make_user, login):
    lan = make_user("lan@example.com")
    ids = _notify_each(app, lan, [f"n{i}" for i in range(5)])
    login(client, lan)
    assert client.post(f"/api/v1/notifications/{ids[4]}/read").status_code == 200

    unread = client.get("/api/v1/notifications?unread=true").json
    assert unread["total"] == 4
    assert all(not item["read"] for item in unread["items"])

    page2 = client.get("/api/v1/notifications?per_page=2&page=2").json
    assert [item["subject"] for item in page2["items"]] == ["n2", "n1"]
    assert page2["total"] == 5
    assert page2["page"] == 2


def test_bad_paging_is_refused(app, client, make_user, login):
    login(client, make_user("lan@example.com"))
    assert client.get("/api/v1/notifications?per_page=101").status_code == 422
    assert client.get("/api/v1/notifications?page=0").status_code == 422
    assert client.get("/api/v1/notifications?page=x").status_code == 422
    assert client.get("/api/v1/notifications?unread=maybe").status_code == 422


def test_marking_read(app, client, make_user, login):
    lan = make_user("lan@example.com")
    (mine,) = _notify_each(app, lan, ["mine"])
    login(client, lan)
    response = client.post(f"/api/v1/notifications/{mine}/read")
    assert response.status_code == 200
    assert response.json["read"] is True
    assert client.get("/api/v1/notifications?unread=true").json["total"] == 0


def test_someone_elses_notification_is_not_found(app, client, make_user, login):
    lan = make_user("lan@example.com")
    minh = make_user("minh@example.com")
    (theirs,) = _notify_each(app, minh, ["for Minh"])
    login(client, lan)
    assert client.post(f"/api/v1/notifications/{theirs}/read").status_code == 404
    assert client.post("/api/v1/notifications/999999/read").status_code == 404
    login(client, minh)
    assert client.get("/api/v1/notifications?unread=true").json["total"] == 1


def test_mark_all_read(app, client, make_user, login):
    lan = make_user("lan@example.com")
    _notify_each(app, lan, ["a", "b"])
    login(client, lan)
    assert client.post("/api/v1/notifications/read").json == {"marked": 2}
    assert client.get("/api/v1/notifications?unread=true").json["total"] == 0


def test_a_bearer_token_works(app, make_user):
    lan = make_user("lan@example.com")
    _notify_each(app, lan, ["via token"])
    with app.app_context():
        row, clear = ApiToken.issue(db.session.get(User, lan), "script")
        db.session.add(row)
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {clear}"}
    body = client.get("/api/v1/notifications", headers=headers).json
    assert [item["subject"] for item in body["items"]] == ["via token"]
    read = client.post(f"/api/v1/notifications/{body['items'][0]['id']}/read", headers=headers)
    assert read.status_code == 200
    wrong = client.get("/api/v1/notifications", headers={"Authorization": "Bearer nhip_nope"})
    assert wrong.status_code == 401
