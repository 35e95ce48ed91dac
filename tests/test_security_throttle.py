"""Login throttling: failed sign-ins are counted per account and per address, 429 with
Retry-After past the limit, shared by every server process through Redis; and a sign-in takes
as long whether the account exists or not."""

from __future__ import annotations

import statistics
import time
from datetime import timedelta

import pytest
import time_machine

import core.auth.passwords as passwords
from core.app import create_app
from core.config import load_settings
from core.db import db, utcnow
from core.models import User
from core.setup import init_instance

PASSWORD = "ferry-lantern-42"


def attempt(client, email: str, password: str = "wrong password", address="10.0.0.1"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def limits(app):
    throttle = app.extensions["nhip_login_throttle"]
    return throttle.account_limit.amount, throttle.address_limit.amount


def test_too_many_failures_for_one_account_answer_429_with_retry_after(app, client, make_user):
    make_user("lan@example.com", password=PASSWORD)
    per_account, _ = limits(app)
    for i in range(per_account):
        assert attempt(client, "lan@example.com", address=f"10.0.0.{i + 1}").status_code == 401
    refused = attempt(client, "lan@example.com", PASSWORD, address="10.9.9.9")
    assert refused.status_code == 429, "even the right password waits: the account is throttled"
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= 15 * 60
    assert f"{wait} seconds" in refused.get_data(as_text=True)
    assert attempt(client, "minh@example.com", address="10.9.9.9").status_code == 401


def test_the_account_opens_again_when_the_window_has_passed(app, client, make_user):
    make_user("lan@example.com", password=PASSWORD)
    per_account, _ = limits(app)
    for _ in range(per_account):
        attempt(client, "lan@example.com")
    assert attempt(client, "lan@example.com", PASSWORD).status_code == 429
    with time_machine.travel(utcnow() + timedelta(minutes=16), tick=False):
        assert attempt(client, "lan@example.com", PASSWORD).status_code == 302


def test_an_unknown_account_is_throttled_like_a_known_one(app, client):
    per_account, _ = limits(app)
    for _ in range(per_account):
        assert attempt(client, "ghost@example.com").status_code == 401
    assert attempt(client, "ghost@example.com").status_code == 429


def test_the_account_key_ignores_case_and_spaces(app, client, make_user):
    per_account, _ = limits(app)
    for i in range(per_account):
        attempt(client, "LAN@example.com " if i % 2 else "lan@example.com")
    assert attempt(client, "Lan@Example.com").status_code == 429


def test_too_many_failures_from_one_address_answer_429(app, client):
    _, per_address = limits(app)
    for i in range(per_address):
        assert attempt(client, f"user{i}@example.com", address="10.1.1.1").status_code == 401
    refused = attempt(client, "someone@example.com", address="10.1.1.1")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert attempt(client, "someone@example.com", address="10.1.1.2").status_code == 401


def test_a_right_password_clears_the_accounts_failures(app, client, make_user):
    make_user("lan@example.com", password=PASSWORD)
    per_account, _ = limits(app)
    for _ in range(per_account - 1):
        attempt(client, "lan@example.com")
    assert attempt(client, "lan@example.com", PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(per_account - 1):
        assert attempt(client, "lan@example.com").status_code == 401


def test_server_processes_share_the_counts_through_redis(tmp_path, fresh_redis_url):
    """Two applications on one Redis stand for two gunicorn workers."""
    settings = load_settings(
        environ={},
        instance=str(tmp_path / "instance"),
        database_url=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        redis_url=fresh_redis_url,
        secret_key="test-secret-key-0123456789",
    )
    workers = [
        create_app(
            settings,
            TESTING=True,
            WTF_CSRF_ENABLED=False,
            NHIP_LOGIN_LIMIT_ACCOUNT="4 per 15 minutes",
        )
        for _ in range(2)
    ]
    init_instance(workers[0])
    try:
        one, two = (w.test_client() for w in workers)
        assert attempt(one, "lan@example.com").status_code == 401
        assert attempt(two, "lan@example.com").status_code == 401
        assert attempt(one, "lan@example.com").status_code == 401
        assert attempt(two, "lan@example.com").status_code == 401
        assert attempt(one, "lan@example.com").status_code == 429
        assert attempt(two, "lan@example.com").status_code == 429
    finally:
        for worker in workers:
            with worker.app_context():
                db.session.remove()
                db.engine.dispose()


# -- the same answer time --------------------------------------------------------------------


@pytest.fixture
def hashes_checked(monkeypatch):
    """How many password hashes each sign-in checks."""
    calls = []
    real = passwords.check_password_hash

    def counting(stored, given):
        calls.append(stored)
        return real(stored, given)

    monkeypatch.setattr(passwords, "check_password_hash", counting)
    monkeypatch.setattr("core.models.users.check_password_hash", counting)
    return calls


def test_every_sign_in_checks_one_password_hash_whether_the_account_exists_or_not(
    app, client, make_user, hashes_checked
):
    make_user("lan@example.com", password=PASSWORD)
    make_user("nopass@example.com")  # an account without a password
    uid = make_user("gone@example.com", password=PASSWORD)
    with app.app_context():
        db.session.get(User, uid).active = False
        db.session.commit()
    for email in ("lan@example.com", "ghost@example.com", "nopass@example.com"):
        hashes_checked.clear()
        assert attempt(client, email, address="10.2.2.2").status_code == 401
        assert len(hashes_checked) == 1, email
    hashes_checked.clear()
    assert attempt(client, "gone@example.com", PASSWORD, address="10.2.2.3").status_code == 401
    assert len(hashes_checked) == 1


def test_an_unknown_account_answers_in_about_the_time_of_a_known_one(app, client, make_user):
    make_user("lan@example.com", password=PASSWORD)
    attempt(client, "ghost@example.com", address="10.3.0.1")  # makes the dummy hash once

    def median(email: str) -> float:
        times = []
        for i in range(5):
            start = time.perf_counter()
            attempt(client, email, address=f"10.3.1.{i}")
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown = median("lan@example.com"), median("ghost@example.com")
    assert 0.4 < unknown / known < 2.5, (known, unknown)  # without the dummy hash: ~0.1
