"""``nhip users create`` and ``nhip tokens create``: people and their personal API tokens."""

from plugin_kit import run_cli
from sqlalchemy import text

from core.db import db
from core.models import ApiToken, User


def _user(app, email):
    with app.app_context():
        return db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()


def _create(app, *args, password="correct horse battery"):
    return run_cli(app, "users", "create", *args, "--password-stdin", input=password + "\n")


def test_create_a_user_who_can_then_sign_in(app):
    result = _create(app, "Lan@Example.com", "--name", "Nguyễn Thị Lan", "--role", "admin")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "created lan@example.com (admin)"
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert (user.email, user.name, user.roles) == (
            "lan@example.com",
            "Nguyễn Thị Lan",
            ["admin"],
        )
        assert "correct horse" not in user.password_hash
    response = app.test_client().post(
        "/login", data={"email": "lan@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 302


def test_roles_can_be_repeated_and_default_to_employee(app):
    _create(app, "a@example.com", "--name", "A", "--role", "admin", "--role", "employee")
    _create(app, "b@example.com", "--name", "B")
    with app.app_context():
        assert _user(app, "a@example.com").roles == ["admin", "employee"]
        assert _user(app, "b@example.com").roles == ["employee"]


def test_an_unknown_role_is_refused_listing_the_known_ones(app):
    result = _create(app, "c@example.com", "--name", "C", "--role", "boss")
    assert result.exit_code == 1
    assert "unknown role(s): boss; known: " in result.output
    assert "admin" in result.output and "employee" in result.output
    assert _user(app, "c@example.com") is None


def test_a_short_password_is_refused(app):
    result = _create(app, "d@example.com", "--name", "D", password="short")
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output
    assert _user(app, "d@example.com") is None


def test_an_address_without_at_sign_is_refused(app):
    result = _create(app, "not-an-address", "--name", "X")
    assert result.exit_code == 1
    assert "is not an e-mail address" in result.output


def test_running_create_again_updates_name_and_keeps_roles_when_none_are_given(app):
    _create(app, "e@example.com", "--name", "E", "--role", "admin")
    result = run_cli(app, "users", "create", "e@example.com", "--name", "Eve")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "updated e@example.com (admin)"
    with app.app_context():
        user = _user(app, "e@example.com")
        assert (user.name, user.roles) == ("Eve", ["admin"])
        assert user.check_password("correct horse battery")


def test_a_token_is_printed_once_and_authenticates_the_api(app):
    _create(app, "f@example.com", "--name", "Phúc")
    result = run_cli(app, "tokens", "create", "F@example.com", "--name", "laptop script")
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert token.startswith("nhip_") and len(token.splitlines()) == 1

    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json["email"] == "f@example.com"
    assert response.json["name"] == "Phúc"


def test_the_database_keeps_only_the_tokens_hash(app):
    _create(app, "g@example.com", "--name", "G")
    token = run_cli(app, "tokens", "create", "g@example.com", "--name", "ci").output.strip()
    with app.app_context():
        row = db.session.execute(db.select(ApiToken)).scalar_one()
        assert row.name == "ci"
        assert row.token_hash == ApiToken.digest(token) != token
        stored = db.session.execute(text("select * from core_api_token")).all()
    assert all(token not in str(value) for line in stored for value in line)


def test_a_wrong_token_gets_401(app):
    response = app.test_client().get("/api/v1/me", headers={"Authorization": "Bearer nhip_nope"})
    assert response.status_code == 401
    assert response.json == {"error": "authentication required"}


def test_a_token_for_an_unknown_user_is_refused(app):
    result = run_cli(app, "tokens", "create", "nobody@example.com", "--name", "x")
    assert result.exit_code == 1
    assert "no user 'nobody@example.com'" in result.output
