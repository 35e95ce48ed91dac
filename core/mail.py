"""Sending e-mail: SMTP when ``NHIP_SMTP_URL`` is set, else ``.eml`` files in the outbox."""

from __future__ import annotations


def send_notification(notification, user) -> None:
    """Deliver one notification by e-mail (filled in by the notifications work)."""
