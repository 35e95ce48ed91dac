"""Sending e-mail: SMTP when ``NHIP_SMTP_URL`` is set, else ``.eml`` files in the outbox.

``NHIP_SMTP_URL`` forms::

    smtp://host[:port]                      plain SMTP (port 25)
    smtp://user:pass@host:587?starttls=1    upgraded with STARTTLS before logging in
    smtps://user:pass@host[:465]            TLS from the first byte

Query parameters: ``from`` (the sender, e.g. ``from=Nh%E1%BB%8Bp%20%3Cops@example.com%3E``;
default ``Nhịp <noreply@HOST>``) and ``timeout`` (seconds, default 10). HOST is the host of
Flask's ``SERVER_NAME`` when set, else ``localhost``.

Links: a notification's ``url`` is a path inside Nhịp. With ``SERVER_NAME`` set it becomes
``PREFERRED_URL_SCHEME://SERVER_NAME/path``; without it the mail carries the bare path.
Absolute URLs (``https://...``) are used as they are.

Without ``NHIP_SMTP_URL`` every message is written to ``<instance>/outbox/<UTC timestamp>-<id>.eml``
so that a fresh installation loses nothing and a developer can open the mails.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.errors import MessageError
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to send, parsed from ``NHIP_SMTP_URL``."""

    host: str
    port: int
    tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    sender: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Parse ``smtp[s]://[user:pass@]host[:port][?starttls=1&from=...&timeout=...]``."""
        parsed = urlparse(url)
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        tls = parsed.scheme == "smtps"
        return cls(
            host=parsed.hostname or "localhost",
            port=parsed.port or (465 if tls else 25),
            tls=tls,
            starttls=query.get("starttls", "").lower() in ("1", "true", "yes", "on"),
            username=unquote(parsed.username) if parsed.username else None,
            password=unquote(parsed.password) if parsed.password else None,
            sender=query.get("from") or None,
            timeout=float(query.get("timeout") or DEFAULT_TIMEOUT),
        )


def mail_domain() -> str:
    """The domain of the default sender: ``SERVER_NAME``'s host, else ``localhost``."""
    server_name = current_app.config.get("SERVER_NAME") or ""
    return server_name.split(":")[0] or "localhost"


def absolute_link(url: str) -> str:
    """``url`` made absolute from ``SERVER_NAME`` when that is set (see the module docstring)."""
    if not url or urlparse(url).scheme:
        return url
    server_name = current_app.config.get("SERVER_NAME")
    if not server_name:
        return url
    scheme = current_app.config.get("PREFERRED_URL_SCHEME") or "http"
    root = (current_app.config.get("APPLICATION_ROOT") or "/").rstrip("/")
    return f"{scheme}://{server_name}{root}/{url.lstrip('/')}"


def default_sender(server: SmtpServer | None) -> str | Address:
    """The From header: the ``from`` query parameter, else ``Nhịp <noreply@DOMAIN>``."""
    if server and server.sender:
        return server.sender
    return Address(display_name="Nhịp", username="noreply", domain=mail_domain())


class EncodedSubject(str):
    """A Subject that is not plain ASCII, written as RFC 2047 encoded words that carry its
    spaces: ``message["Subject"] = EncodedSubject(text)``; it reads back as ``text``.

    ``email.policy.default`` (CPython before gh-144156) folds a long Vietnamese subject into
    encoded words with the subject's own spaces between them, which readers drop as folding
    white space ("fire,trễ"). Here every character, spaces included, is inside an encoded word
    of at most 75 characters, and the lines break between words. The policy takes any value
    with a ``name`` and a ``fold`` method as a header as it is.
    """

    name = "Subject"

    def fold(self, *, policy) -> str:
        width = policy.max_line_length or 78
        header = Header(str(self), "utf-8", maxlinelen=width, header_name=self.name)
        return f"{self.name}: {header.encode(linesep=policy.linesep)}{policy.linesep}"


def subject_header(text: str) -> str:
    """``text`` as the value of a Subject header (see ``EncodedSubject``)."""
    return text if text.isascii() else EncodedSubject(text)


def build_message(notification, user, server: SmtpServer | None = None) -> EmailMessage:
    """The e-mail for one notification to one user, in the user's language."""
    message = EmailMessage()
    message["From"] = default_sender(server)
    message["To"] = Address(display_name=user.name or "", addr_spec=user.email)
    message["Subject"] = subject_header(notification.subject)
    created = notification.created_at or datetime.now(UTC)
    message["Date"] = format_datetime(created.astimezone(UTC))
    message["Message-ID"] = make_msgid(f"notification.{notification.id}", domain=mail_domain())
    message["Auto-Submitted"] = "auto-generated"
    message["X-Nhip-Notification"] = str(notification.id)
    parts = [notification.body.strip()] if notification.body else []
    link = absolute_link(notification.url)
    if link:
        with force_locale(user.language or "en"):
            parts.append(_("Open in Nhịp: %(link)s", link=link))
    message.set_content("\n\n".join(parts or [notification.subject]) + "\n")
    return message


def send_notification(notification, user) -> bool:
    """Deliver one notification by e-mail; returns whether it was sent or written.

    Users without an e-mail address or inactive get nothing. Failures are logged with the
    reason and never raised: this runs after the commit of the request that notified.
    """
    if not user.email or not user.active:
        return False
    settings = current_app.config["NHIP"]
    server = SmtpServer.from_url(settings.smtp_url) if settings.smtp_url else None
    try:
        message = build_message(notification, user, server)
        if server is None:
            path = write_outbox(message, Path(settings.instance) / "outbox", notification.id)
            current_app.logger.info("notification %s written to %s", notification.id, path)
        else:
            send(message, server)
    except (OSError, smtplib.SMTPException, MessageError, ValueError) as exc:
        current_app.logger.warning(
            "e-mail for notification %s to %s not sent: %s: %s",
            notification.id,
            user.email,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def send(message: EmailMessage, server: SmtpServer) -> None:
    """Hand ``message`` to the SMTP server (raises ``OSError`` / ``SMTPException``)."""
    context = ssl.create_default_context()
    if server.tls:
        smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=context)
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    with smtp:
        if server.starttls and not server.tls:
            smtp.starttls(context=context)
        if server.username:
            smtp.login(server.username, server.password or "")
        envelope_from = parseaddr(str(message["From"]))[1] or f"noreply@{mail_domain()}"
        smtp.send_message(message, from_addr=envelope_from)


def write_outbox(message: EmailMessage, folder: Path, notification_id: int) -> Path:
    """Write ``message`` as ``<folder>/<UTC timestamp>-<id>.eml`` (atomically) and return it.

    The folder (0700) and the files (0600) are readable by their owner only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{notification_id}.eml"
    partial = folder / f".{path.name}.part"
    with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
        out.write(message.as_bytes())
    os.replace(partial, path)
    return path
