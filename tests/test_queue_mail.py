"""A notification's e-mail leaves from the queue, not from the request: on the embedded runner
thread without Redis, on an ``nhip worker`` with Redis; to a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import dataclasses
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

from core import mail
from core.db import db
from core.notifications import notify
from core.queue import drain
from core.testing_queue import run_worker, worker_env


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler keeping the subjects and recipients of what it accepts."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        subject = next(
            (
                line.split(":", 1)[1].strip()
                for line in envelope.content.decode().splitlines()
                if line.lower().startswith("subject:")
            ),
            "",
        )
        self.received.append((subject, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(app, monkeypatch):
    """A real SMTP server on loopback, the application's NHIP_SMTP_URL pointing at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    url = f"smtp://127.0.0.1:{port}"
    settings = dataclasses.replace(app.config["NHIP"], smtp_url=url)
    monkeypatch.setitem(app.config, "NHIP", settings)
    try:
        yield inbox, url
    finally:
        controller.stop()


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
    assert inbox.received == [("Leave approved", ["lan@example.com"])]
    assert threads == ["nhip-jobs"]


@pytest.mark.redis
def test_with_redis_the_mail_is_sent_by_a_worker(
    app, make_user, smtp, fresh_redis_url, monkeypatch
):
    inbox, url = smtp
    settings = dataclasses.replace(app.config["NHIP"], redis_url=fresh_redis_url)
    monkeypatch.setitem(app.config, "NHIP", settings)
    lan = make_user("lan@example.com")
    with app.app_context():
        notify([lan], "Order SO-3 is late")
        db.session.commit()
    assert drain()
    assert inbox.received == [], "the request's process sends nothing"
    run_worker(worker_env(app, fresh_redis_url, smtp_url=url))
    assert inbox.received == [("Order SO-3 is late", ["lan@example.com"])]
