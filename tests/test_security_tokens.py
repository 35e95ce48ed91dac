"""API tokens: they expire, can be listed and revoked (command line and profile page), a read
writes their last use at most once a minute; CSRF is skipped only for requests that a valid
token authenticated, never for a cookie session that merely carries an Authorization header."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from plugin_kit import run_cli

from core.db import db, utcnow
from core.models import ApiToken, User
from core.setup import init_instance
from core.testing import login_as, make_app


def issue(app, uid: int, name: str = "script", days: int | None = 90) -> tuple[int, str]:
    with app.app_context():
        row, clear = ApiToken.issue(db.session.get(User, uid), name, days=days)
        db.session.add(row)
        db.session.commit()
        return row.id, clear


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token_row(app, token_id: int) -> ApiToken | None:
    with app.app_context():
        row = db.session.get(ApiToken, token_id)
        if row is not None:
            db.session.expunge(row)
        return row


# -- expiry ----------------------------------------------------------------------------------


def test_a_new_token_expires_in_90_days_by_default(app, make_user):
    token_id, _ = issue(app, make_user("lan@example.com"))
    row = token_row(app, token_id)
    assert timedelta(days=89) < row.expires_at - utcnow() <= timedelta(days=90)


def test_an_expired_token_is_refused(app, client, make_user):
    _, token = issue(app, make_user("lan@example.com"), days=1)
    assert client.get("/api/v1/notifications", headers=bearer(token)).status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=1), tick=False):
        assert client.get("/api/v1/notifications", headers=bearer(token)).status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(app, client, make_user):
    uid = make_user("lan@example.com")
    _, token = issue(app, uid)
    with app.app_context():
        db.session.get(User, uid).active = False
        db.session.commit()
    assert client.get("/api/v1/notifications", headers=bearer(token)).status_code == 401


# -- last use --------------------------------------------------------------------------------


def test_reading_with_a_token_records_its_use_at_most_once_a_minute(app, client, make_user):
    token_id, token = issue(app, make_user("lan@example.com"))
    start = utcnow().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/notifications", headers=bearer(token))
    assert token_row(app, token_id).last_used_at == start
    writes = []
    from sqlalchemy import event

    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("UPDATE CORE_API_TOKEN"):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with time_machine.travel(start + timedelta(seconds=59), tick=False):
            for _ in range(5):
                client.get("/api/v1/notifications", headers=bearer(token))
        assert writes == [], "reads within the minute write nothing"
        with time_machine.travel(start + timedelta(seconds=61), tick=False):
            client.get("/api/v1/notifications", headers=bearer(token))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(writes) == 1
    assert token_row(app, token_id).last_used_at == start + timedelta(seconds=61)


# -- command line ----------------------------------------------------------------------------


def test_tokens_create_takes_an_expiry_in_days(app, make_user):
    make_user("lan@example.com")
    result = run_cli(app, "tokens", "create", "lan@example.com", "--name", "ci", "--days", "7")
    assert result.exit_code == 0, result.output
    with app.app_context():
        row = db.session.execute(db.select(ApiToken)).scalar_one()
        assert timedelta(days=6) < row.expires_at - utcnow() <= timedelta(days=7)
    too_long = run_cli(app, "tokens", "create", "lan@example.com", "--name", "x", "--days", "0")
    assert too_long.exit_code != 0


def test_tokens_list_shows_owner_name_expiry_and_last_use(app, make_user):
    lan = make_user("lan@example.com")
    minh = make_user("minh@example.com")
    issue(app, lan, "backup job")
    issue(app, minh, "report export")
    result = run_cli(app, "tokens", "list")
    assert result.exit_code == 0, result.output
    assert "backup job" in result.output and "report export" in result.output
    assert "lan@example.com" in result.output and "never" in result.output
    only_lan = run_cli(app, "tokens", "list", "lan@example.com")
    assert "backup job" in only_lan.output and "report export" not in only_lan.output
    assert "nhip_" not in result.output, "the tokens themselves are never shown again"


def test_tokens_revoke_stops_the_token_at_once(app, client, make_user):
    token_id, token = issue(app, make_user("lan@example.com"))
    assert client.get("/api/v1/notifications", headers=bearer(token)).status_code == 200
    result = run_cli(app, "tokens", "revoke", str(token_id))
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/notifications", headers=bearer(token)).status_code == 401
    again = run_cli(app, "tokens", "revoke", str(token_id))
    assert again.exit_code == 1 and f"no token {token_id}" in again.output


# -- profile page ----------------------------------------------------------------------------


def test_the_profile_page_lists_ones_own_tokens(app, client, make_user):
    lan = make_user("lan@example.com")
    issue(app, lan, "backup job")
    issue(app, make_user("minh@example.com"), "minh's export")
    login_as(client, lan)
    page = client.get("/profile").get_data(as_text=True)
    assert "backup job" in page
    assert "minh&#39;s export" not in page and "minh's export" not in page


def test_a_token_is_revoked_from_the_profile_page(app, client, make_user):
    lan = make_user("lan@example.com")
    token_id, token = issue(app, lan)
    login_as(client, lan)
    response = client.post(f"/profile/tokens/{token_id}/revoke")
    assert response.status_code == 302
    assert token_row(app, token_id) is None
    assert client.get("/api/v1/notifications", headers=bearer(token)).status_code == 401


def test_nobody_revokes_someone_elses_token(app, client, make_user):
    token_id, _ = issue(app, make_user("minh@example.com"))
    login_as(client, make_user("lan@example.com"))
    assert client.post(f"/profile/tokens/{token_id}/revoke").status_code == 404
    assert token_row(app, token_id) is not None


# -- CSRF and the Authorization header -------------------------------------------------------


@pytest.fixture
def csrf_app(tmp_path, fresh_database_url, request):
    """A plain instance with CSRF protection on (the test settings turn it off)."""
    application = make_app(tmp_path / "instance", fresh_database_url, WTF_CSRF_ENABLED=True)
    init_instance(application)

    def dispose():
        with application.app_context():
            db.session.remove()
            db.engine.dispose()

    request.addfinalizer(dispose)
    return application


def person(app, email: str) -> int:
    with app.app_context():
        user = User(email=email, name="Lan")
        user.set_roles(["employee"])
        db.session.add(user)
        db.session.commit()
        return user.id


@pytest.mark.parametrize(
    "header",
    ["Bearer nonsense", "Bearer ", "Bearer nhip_made-up-token", "bearer nonsense", "Basic eA=="],
)
def test_a_cookie_session_with_a_bogus_authorization_header_still_needs_csrf(csrf_app, header):
    client = csrf_app.test_client()
    login_as(client, person(csrf_app, "lan@example.com"))
    response = client.post("/api/v1/notifications/read", json={}, headers={"Authorization": header})
    assert response.status_code in (400, 401), response.get_data(as_text=True)
    response = client.post("/logout", headers={"Authorization": header})
    assert response.status_code in (302, 400)
    assert client.get("/profile").status_code == 200, "the session was not signed out"


def test_a_valid_token_authenticates_alone_and_needs_no_csrf(csrf_app):
    lan = person(csrf_app, "lan@example.com")
    minh = person(csrf_app, "minh@example.com")
    _, token = issue(csrf_app, minh)
    client = csrf_app.test_client()
    login_as(client, lan)
    response = client.get("/api/v1/notifications", headers=bearer(token))
    assert response.status_code == 200
    response = client.post("/api/v1/notifications/read", json={}, headers=bearer(token))
    assert response.status_code == 200, "a token request needs no CSRF token"


def test_a_form_post_with_a_session_needs_its_csrf_token(csrf_app):
    client = csrf_app.test_client()
    login_as(client, person(csrf_app, "lan@example.com"))
    page = client.get("/profile").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
