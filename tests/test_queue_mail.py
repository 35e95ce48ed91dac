"""A notification's e-mail leaves from the queue, not from the request: on the embedded runner
thread without Redis, on an ``nhip worker`` with Redis; to a real SMTP server (aiosmtpd,
``core.testing_smtp``)."""

from __future__ import annotations

import threading

import pytest

from core import mail
from core.db import db
from core.notifications import notify
from core.queue import drain
from core.testing_queue import run_worker, worker_env


def test_embedded_the_mail_is_sent_by_the_runner_thread(app, make_user, smtp, monkeypatch):
    inbox, _url = smtp
    threads = []
    original = mail.send

    def send(message, server):
        threads.append(threading.current_thread().name)
        original(message, server)

    monkeypatch.setattr(mail, "send", send)
    lan = make_user("lan@example.com")
    with app.app_context():
        notify([lan], "Leave approved")
        db.session.commit()
    assert drain()
    assert inbox.received() == [("Leave approved", ["lan@example.com"])]
    assert threads == ["nhip-jobs"]


@pytest.mark.redis
def test_with_redis_the_mail_is_sent_by_a_worker(redis_app, make_user, smtp):
    inbox, url = smtp
    lan = make_user("lan@example.com")
    with redis_app.app_context():
        notify([lan], "Order SO-3 is late")
        db.session.commit()
    assert drain()
    assert inbox.received() == [], "the request's process sends nothing"
    run_worker(worker_env(redis_app, redis_app.config["NHIP"].redis_url, smtp_url=url))
    assert inbox.received() == [("Order SO-3 is late", ["lan@example.com"])]
