"""A real SMTP server on loopback for tests (aiosmtpd), keeping what it accepts.

Loaded by the root ``conftest.py``; ``smtp_server`` yields ``(inbox, port)``::

    def test_mail(app, smtp_server):
        inbox, port = smtp_server
        ...  # point NHIP_SMTP_URL at smtp://127.0.0.1:<port>, send
        assert inbox.messages()[0]["Subject"] == "..."

``smtp`` is the same server with the test application already pointed at it, as
``(inbox, url)``.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from core.testing import use_settings
from core.testing_server import free_port


class Inbox:
    """An aiosmtpd handler keeping every envelope it accepts."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[email.message.EmailMessage]:
        """The accepted messages, parsed (headers decoded)."""
        return [
            email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes
        ]

    def received(self) -> list[tuple[str, list[str]]]:
        """The subject and recipients of each accepted message."""
        return [
            (message["Subject"], list(envelope.rcpt_tos))
            for envelope, message in zip(self.envelopes, self.messages(), strict=True)
        ]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1 for one test; yields ``(inbox, port)``."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def smtp(app, smtp_server, monkeypatch) -> tuple[Inbox, str]:
    """``smtp_server`` with the application's NHIP_SMTP_URL pointing at it for one test;
    gives ``(inbox, url)``."""
    inbox, port = smtp_server
    url = f"smtp://127.0.0.1:{port}"
    use_settings(app, monkeypatch, smtp_url=url)
    return inbox, url
