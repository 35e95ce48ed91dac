"""Password rules (NIST SP 800-63B): at least 12 characters, up to 128 accepted, no common or
easily guessed password and not the person's own name or address, with a clear message;
enforced on the profile page, the user administration pages and ``nhip users create``."""

from __future__ import annotations

import pytest
from plugin_kit import run_cli
from ui_support import text_of

from core.auth.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from core.db import db
from core.models import User

GOOD = "ferry-lantern-42"


@pytest.fixture(autouse=True)
def _request_context(app):
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    "password",
    [
        "12345678",
        "password",
        "password1234",
        "qwertyuiop123",
        "aaaaaaaaaaaaaaaa",
        "iloveyou2024",
        "123456789012",
        "abcdefghijkl",
    ],
)
def test_common_and_patterned_passwords_are_refused(password):
    assert password_problem(password) is not None


def test_a_password_shorter_than_12_characters_is_refused_saying_so():
    assert "at least 12 characters" in str(password_problem("Xq7#vL9@pZ"))


def test_long_passphrases_are_accepted_up_to_128_characters():
    assert password_problem(GOOD) is None
    assert password_problem("correct horse battery staple") is None
    assert password_problem("mây trắng bay qua đồi chè xanh") is None, "any characters count"
    assert MAX_LENGTH >= 64
    longest = ("the river keeps its own calendar, " * 4)[:MAX_LENGTH]
    assert len(longest) == 128 and password_problem(longest) is None
    assert "at most 128 characters" in str(password_problem(longest + "x"))


def test_the_persons_own_name_or_address_is_refused():
    inputs = ["nguyen.lan@example.com", "Nguyễn Văn Lan"]
    assert password_problem("nguyen.lan2024", inputs) is not None
    assert password_problem("nguyenvanlan1990", inputs) is not None
    assert password_problem(GOOD, inputs) is None


def test_the_minimum_is_at_least_nists():
    assert MIN_LENGTH >= 8


def test_the_profile_refuses_a_common_password_with_a_clear_message(app, client, make_user, login):
    uid = make_user("lan@example.com", password="the-old-one-17")
    login(client, uid)
    response = client.post(
        "/profile/password",
        data={
            "password-current": "the-old-one-17",
            "password-new": "password1234",
            "password-confirm": "password1234",
        },
    )
    assert response.status_code == 422
    assert "too easy to guess" in text_of(response.data)
    with app.app_context():
        assert db.session.get(User, uid).check_password("the-old-one-17")


def test_the_profile_accepts_a_strong_password(app, client, make_user, login):
    uid = make_user("lan@example.com", password="the-old-one-17")
    login(client, uid)
    response = client.post(
        "/profile/password",
        data={"password-current": "the-old-one-17", "password-new": GOOD, "password-confirm": GOOD},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, uid).check_password(GOOD)


def test_the_command_line_refuses_a_common_password(app):
    result = run_cli(
        app,
        "users",
        "create",
        "lan@example.com",
        "--name",
        "Lan",
        "--password-stdin",
        input="iloveyou2024\n",
    )
    assert result.exit_code == 1
    assert "too easy to guess" in result.output
    with app.app_context():
        assert db.session.execute(db.select(User)).first() is None


def test_the_admin_pages_refuse_a_password_made_of_the_name(app, client, make_user, login):
    login(client, make_user("root@example.com", roles=["admin"]))
    response = client.post(
        "/admin/users/new",
        data={
            "email": "hoa.pham@example.com",
            "name": "Phạm Hoa",
            "roles": ["employee"],
            "language": "en",
            "timezone": "Asia/Ho_Chi_Minh",
            "active": "y",
            "password": "hoapham12345",
        },
    )
    assert response.status_code == 422
    assert "too easy to guess" in response.get_data(as_text=True)
