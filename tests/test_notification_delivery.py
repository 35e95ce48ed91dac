"""A notification is its own outbox entry: one whose delivery job was never queued (Redis down)
or was lost is delivered late by the periodic task ``deliver_pending``, and its channels are
called once however many deliveries try it. E-mails go to a real SMTP server (aiosmtpd,
``core.testing_smtp``)."""

from __future__ import annotations

import dataclasses
import threading
from datetime import timedelta

import pytest
import time_machine
from alembic import command
from sqlalchemy import text, update

from core import mail
from core import notifications as notifications_module
from core.db import db, utcnow
from core.migrate import alembic_config
from core.models import Notification
from core.notifications import (
    CLAIM_TIMEOUT,
    PENDING_AGE,
    claim,
    deliver_job,
    deliver_pending,
    notify,
)
from core.queue import Periodic, drain
from core.queue.periodic import collect
from core.testing import make_app
from core.testing_queue import redis_down, run_worker, use_redis, worker_env

SUBJECT = "Order SO-9 is late"


@pytest.fixture
def lost(app, make_user, monkeypatch):
    """``lost()``: a notification for lan@example.com committed while Redis is down (its
    delivery job is lost); returns its id. The application stays pointed at the dead Redis."""

    def make() -> int:
        lan = make_user("lan@example.com")
        redis_down(app, monkeypatch)
        with app.app_context():
            (row,) = notify([lan], SUBJECT)
            db.session.commit()
            return row.id

    return make


def later(delta: timedelta):
    """Travel ``delta`` ahead of now (time goes on from there)."""
    return time_machine.travel(utcnow() + delta)


def delivered_at(app, notification_id: int):
    with app.app_context():
        return db.session.get(Notification, notification_id).delivered_at


def test_made_while_redis_is_down_the_mail_waits_for_deliver_pending(app, smtp, lost):
    inbox, _url = smtp
    notification_id = lost()
    assert drain()
    assert inbox.received() == []
    assert delivered_at(app, notification_id) is None


def test_deliver_pending_sends_a_lost_mail_once(app, smtp, lost, monkeypatch):
    inbox, _url = smtp
    notification_id = lost()
    use_redis(app, monkeypatch, None)  # the embedded mode runs the periodic task
    with later(PENDING_AGE + timedelta(seconds=5)), app.app_context():
        assert deliver_pending() == 1
        assert deliver_pending() == 0
        deliver_job([notification_id])  # the lost job turning up after all
    assert inbox.received() == [(SUBJECT, ["lan@example.com"])]
    assert delivered_at(app, notification_id) is not None


def test_deliver_pending_leaves_a_fresh_notification_to_its_job(app, smtp, lost):
    inbox, _url = smtp
    notification_id = lost()
    with app.app_context():
        assert deliver_pending() == 0
    assert inbox.received() == []
    assert delivered_at(app, notification_id) is None


@pytest.mark.redis
def test_when_redis_is_back_a_worker_sends_what_was_made_while_it_was_down(
    app, smtp, lost, fresh_redis_url, monkeypatch
):
    inbox, url = smtp
    notification_id = lost()
    with app.app_context():  # made two minutes ago, while Redis was down
        db.session.execute(
            update(Notification).values(created_at=utcnow() - PENDING_AGE - timedelta(minutes=1))
        )
        db.session.commit()
    use_redis(app, monkeypatch, fresh_redis_url)
    run_worker(worker_env(app, fresh_redis_url, smtp_url=url))  # claims periodic tasks at start
    assert inbox.received() == [(SUBJECT, ["lan@example.com"])]
    assert delivered_at(app, notification_id) is not None


def test_a_mail_its_job_sent_is_not_sent_again(app, make_user, smtp):
    inbox, _url = smtp
    lan = make_user("lan@example.com")
    with app.app_context():
        (row,) = notify([lan], SUBJECT)
        db.session.commit()
        notification_id = row.id
    assert drain()
    assert delivered_at(app, notification_id) is not None
    with later(PENDING_AGE + timedelta(minutes=1)), app.app_context():
        assert deliver_pending() == 0
        deliver_job([notification_id])  # a duplicate job
    assert inbox.received() == [(SUBJECT, ["lan@example.com"])]


def test_two_deliveries_starting_together_send_one_mail(app, smtp, lost):
    inbox, _url = smtp
    notification_id = lost()
    start = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with app.app_context():
                start.wait()
                deliver_job([notification_id])
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert inbox.received() == [(SUBJECT, ["lan@example.com"])]


def test_a_delivery_while_another_is_in_the_channels_sends_nothing(app, smtp, lost, monkeypatch):
    inbox, _url = smtp
    notification_id = lost()
    inside, go_on = threading.Event(), threading.Event()
    original = mail.send

    def held_send(message, server):
        inside.set()
        assert go_on.wait(10)
        original(message, server)

    monkeypatch.setattr(mail, "send", held_send)

    def first_job() -> None:
        with app.app_context():
            deliver_job([notification_id])

    first = threading.Thread(target=first_job)
    first.start()
    try:
        assert inside.wait(10), "the first delivery reached the e-mail channel"
        with app.app_context():
            deliver_job([notification_id])  # returns at once: the notification is claimed
            assert deliver_pending(older_than=timedelta(0)) == 0
    finally:
        go_on.set()
        first.join(30)
    assert inbox.received() == [(SUBJECT, ["lan@example.com"])]


def test_a_delivery_that_died_is_taken_over_after_the_claim_timeout(app, smtp, lost):
    inbox, _url = smtp
    notification_id = lost()
    with app.app_context():
        assert claim(notification_id), "a worker claims it, then is killed"
    with later(PENDING_AGE + timedelta(seconds=5)), app.app_context():
        assert deliver_pending() == 0
    assert inbox.received() == []
    with later(CLAIM_TIMEOUT + timedelta(seconds=5)), app.app_context():
        assert deliver_pending() == 1
    assert inbox.received() == [(SUBJECT, ["lan@example.com"])]


def test_late_delivery_keeps_the_channels_the_notification_was_made_for(
    app, make_user, smtp, monkeypatch
):
    inbox, _url = smtp
    lan = make_user("lan@example.com")
    redis_down(app, monkeypatch)
    with app.app_context():
        notify([lan], "Bell and chat only", channels=["in_app", "chat"])
        notify([lan], "By e-mail", channels=["email"])
        db.session.commit()
    with later(PENDING_AGE + timedelta(seconds=5)), app.app_context():
        assert deliver_pending() == 2
    assert inbox.received() == [("By e-mail", ["lan@example.com"])]


def test_a_bell_only_notification_is_stored_delivered_and_queues_no_job(
    app, make_user, monkeypatch
):
    queued = []
    monkeypatch.setattr(notifications_module, "enqueue", lambda *args, **kw: queued.append(args))
    lan = make_user("lan@example.com")
    with app.app_context():
        (row,) = notify([lan], "In the bell only", channels=["in_app"])
        db.session.commit()
        assert row.delivered_at is not None and row.read_at is None
        (mailed,) = notify([lan], "By e-mail", channels=["email"])
        db.session.commit()
        assert queued == [(notifications_module.DELIVER_JOB, [mailed.id])]


def test_deliver_pending_runs_every_minute_on_workers_and_every_10_s_embedded(app, monkeypatch):
    task = Periodic("core.deliver_pending", 10, "core.notifications.deliver_pending")
    assert task in collect(app)
    use_redis(app, monkeypatch, "redis://127.0.0.1:6379/0")  # only read, never contacted
    assert dataclasses.replace(task, every=60) in collect(app)


def test_upgrading_marks_the_notifications_already_stored_delivered(tmp_path, fresh_database_url):
    app = make_app(tmp_path / "instance", fresh_database_url)
    try:
        with app.app_context(), db.engine.begin() as connection:
            config = alembic_config(app, connection)
            command.upgrade(config, "core_0001")
            connection.execute(
                text(
                    "insert into core_user (id, email, name, password_hash, active, language,"
                    " timezone, created_at) values (1, 'lan@example.com', 'Lan', '', true,"
                    " 'en', 'UTC', '2026-11-02 08:00:00')"
                )
            )
            connection.execute(
                text(
                    "insert into core_notification (user_id, kind, subject, body, url,"
                    " created_at) values (1, 'info', 'Sent long ago', '', '',"
                    " '2026-11-02 09:00:00')"
                )
            )
            command.upgrade(config, "core@head")
            undelivered = connection.execute(
                text(
                    "select count(*) from core_notification"
                    " where delivered_at is null or delivered_at <> created_at"
                )
            ).scalar_one()
        assert undelivered == 0
    finally:
        with app.app_context():
            db.engine.dispose()
