"""Who may call the API: personal tokens, browser sessions (with CSRF), and JSON refusals."""

from __future__ import annotations

import re

from api_lab.fixtures import build_lab_app, lab_app_fixture, lab_fixture  # noqa: F401

from core.db import db
from core.models import User
from core.testing import login_as


def test_without_credentials_every_endpoint_is_401_in_json(lab):
    for method, path in [
        ("GET", "/lab.gadget"),
        ("POST", "/lab.gadget"),
        ("GET", "/lab.gadget/1"),
        ("PATCH", "/lab.gadget/1"),
        ("POST", "/lab.gadget/1/transition"),
        ("GET", "/lab.nothing"),
        ("GET", "/entities"),
        ("GET", "/me"),
    ]:
        response = lab.call(method, path, json={})
        assert response.status_code == 401, (method, path)
        assert response.json == {"error": "authentication required"}
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401(lab):
    response = lab.call("GET", "/lab.gadget", {"Authorization": "Bearer nhip_not-a-token"})
    assert response.status_code == 401


def test_a_token_of_a_deactivated_user_is_401(lab):
    uid = lab.user("gone@example.com", ["lab_boss"])
    token = lab.token(uid)
    with lab.app.app_context():
        db.session.get(User, uid).active = False
        db.session.commit()
    response = lab.call("GET", "/lab.gadget", {"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_token_acts_as_its_user(lab):
    uid = lab.user("lan@example.com", ["lab_boss"])
    headers = {"Authorization": f"Bearer {lab.token(uid)}"}
    assert lab.call("GET", "/me", headers).json["id"] == uid
    assert lab.gadget(headers)["owner_id"] == uid


def test_a_session_reads_and_writes_when_csrf_is_off(lab):
    uid = lab.user("lan@example.com", ["lab_boss"])
    login_as(lab.client, uid)
    assert lab.call("GET", "/lab.gadget").status_code == 200
    response = lab.call("POST", "/lab.gadget", json={"name": "From JS", "kind": "small"})
    assert response.status_code == 201
    assert response.json["owner_id"] == uid


def test_unknown_paths_and_methods_answer_json(lab):
    headers = lab.caller("boss@example.com", ["lab_boss"])
    missing = lab.call("GET", "/lab.gadget/1/history", headers)
    assert missing.status_code == 404 and missing.is_json
    wrong = lab.call("DELETE", "/lab.gadget/1", headers)
    assert wrong.status_code == 405 and wrong.is_json
    assert set(wrong.headers["Allow"].split(", ")) >= {"GET", "PATCH"}


def csrf_token(client) -> str:
    """The CSRF token of ``client``'s session, as a page gives it to browser code."""
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_session_writes_need_the_csrf_header_when_csrf_is_on(tmp_path, fresh_database_url):
    app = build_lab_app(tmp_path, fresh_database_url, WTF_CSRF_ENABLED=True)
    try:
        with app.app_context():
            user = User(email="lan@example.com", name="Lan")
            user.set_roles(["lab_boss"])
            db.session.add(user)
            db.session.commit()
            uid = user.id
        client = app.test_client()
        login_as(client, uid)
        body = {"name": "From JS", "kind": "small", "quantity": 1}
        refused = client.post("/api/v1/lab.gadget", json=body)
        assert refused.status_code == 400
        assert refused.is_json and "CSRF" in refused.json["error"]
        assert client.get("/api/v1/lab.gadget").json["total"] == 0
        token = csrf_token(client)
        accepted = client.post("/api/v1/lab.gadget", json=body, headers={"X-CSRFToken": token})
        assert accepted.status_code == 201, accepted.json
        moved = client.post(
            f"/api/v1/lab.gadget/{accepted.json['id']}/transition",
            json={"to": "ready"},
            headers={"X-CSRFToken": token},
        )
        assert moved.status_code == 200
    finally:
        with app.app_context():
            db.engine.dispose()


def test_token_writes_need_no_csrf_header_when_csrf_is_on(tmp_path, fresh_database_url):
    app = build_lab_app(tmp_path, fresh_database_url, WTF_CSRF_ENABLED=True)
    try:
        from core.models import ApiToken

        with app.app_context():
            user = User(email="bot@example.com", name="Bot")
            user.set_roles(["lab_boss"])
            row, token = ApiToken.issue(user, "test")
            db.session.add_all([user, row])
            db.session.commit()
        response = app.test_client().post(
            "/api/v1/lab.gadget",
            json={"name": "From a script", "kind": "large"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201, response.json
    finally:
        with app.app_context():
            db.engine.dispose()
