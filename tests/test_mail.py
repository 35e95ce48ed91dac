"""The e-mail channel against a real SMTP server (aiosmtpd on loopback) and the outbox."""

from __future__ import annotations

import email
import email.policy
import logging

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from flask_babel import force_locale, gettext

from core.db import db
from core.models import User
from core.notifications import notify
from core.queue import drain
from core.testing import use_settings
from core.testing_server import free_port
from core.testing_smtp import Inbox


def _only(login: bytes, password: bytes):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login == login and auth_data.password == password
        )
        return AuthResult(success=ok)

    return authenticate


@pytest.fixture
def smtp_url(app, monkeypatch):
    """Point the application's settings at an SMTP URL for one test."""

    def use(url: str | None) -> None:
        use_settings(app, monkeypatch, smtp_url=url)

    return use


def outbox(app):
    folder = app.config["NHIP"].instance / "outbox"
    return sorted(folder.glob("*.eml")) if folder.exists() else []


@pytest.fixture(autouse=True)
def _empty_outbox(app):
    for path in outbox(app):
        path.unlink()


def test_a_notification_arrives_at_the_smtp_server(app, make_user, smtp_server, smtp_url):
    inbox, port = smtp_server
    smtp_url(f"smtp://127.0.0.1:{port}")
    lan = make_user("lan@example.com", name="Nguyễn Thị Lan")
    with app.app_context():
        notify([lan], "Đơn hàng SO-12 sắp trễ hạn", body="Còn 30 phút.", url="/r/orders/12")
        db.session.commit()
    assert drain()
    assert len(inbox.envelopes) == 1
    assert inbox.envelopes[0].rcpt_tos == ["lan@example.com"]
    message = inbox.messages()[0]
    assert message["To"].addresses[0].addr_spec == "lan@example.com"
    assert message["To"].addresses[0].display_name == "Nguyễn Thị Lan"
    assert message["Subject"] == "Đơn hàng SO-12 sắp trễ hạn"
    assert message["From"].addresses[0].display_name == "Nhịp"
    assert message["From"].addresses[0].username == "noreply"
    body = message.get_content()
    assert "Còn 30 phút." in body
    assert "/r/orders/12" in body
    assert outbox(app) == []


def test_the_link_is_absolute_when_the_server_name_is_known(
    app, make_user, smtp_server, smtp_url, monkeypatch
):
    inbox, port = smtp_server
    smtp_url(f"smtp://127.0.0.1:{port}?from=Ops%20%3Cops@example.com%3E")
    monkeypatch.setitem(app.config, "SERVER_NAME", "nhip.example.com")
    monkeypatch.setitem(app.config, "PREFERRED_URL_SCHEME", "https")
    lan = make_user("lan@example.com")
    with app.app_context():
        notify([lan], "Ticket escalated", url="/r/crm/7")
        db.session.commit()
    assert drain()
    message = inbox.messages()[0]
    assert "https://nhip.example.com/r/crm/7" in message.get_content()
    assert message["From"].addresses[0].addr_spec == "ops@example.com"
    assert inbox.envelopes[0].mail_from == "ops@example.com"


def test_smtp_credentials_from_the_url_are_used(app, make_user, smtp_url):
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_only(b"nhip", b"s3cret pass"),
        auth_required=False,
        auth_require_tls=False,
    )
    controller.start()
    try:
        smtp_url(f"smtp://nhip:s3cret%20pass@127.0.0.1:{port}")
        lan = make_user("lan@example.com")
        with app.app_context():
            notify([lan], "Signed in delivery")
            db.session.commit()
        assert drain()
    finally:
        controller.stop()
    assert [m["Subject"] for m in inbox.messages()] == ["Signed in delivery"]


def test_without_smtp_the_mail_is_written_to_the_outbox(app, make_user, smtp_url):
    smtp_url(None)
    lan = make_user("lan@example.com")
    with app.app_context():
        (row,) = notify([lan], "Leave approved", body="Enjoy.", url="/r/hr/3")
        db.session.commit()
        notification_id = row.id
    assert drain()
    (path,) = outbox(app)
    assert path.name.endswith(f"-{notification_id}.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "lan@example.com"
    assert message["Subject"] == "Leave approved"
    assert message["X-Nhip-Notification"] == str(notification_id)
    assert "Enjoy." in message.get_content()


def test_a_long_vietnamese_subject_reads_back_exactly(app, make_user, smtp_url):
    # email.policy.default alone folds this one as "... Dịch VụXuất ... quá hạn,trễ hạn"
    subject = (
        "Đơn hàng SO-2026-00030 của Công ty TNHH Một Thành Viên Thương Mại Dịch Vụ Xuất Nhập "
        "Khẩu Hoàng Gia đã quá hạn, trễ hạn"
    )
    smtp_url(None)
    lan = make_user("lan@example.com", language="vi")
    with app.app_context():
        notify([lan], subject)
        db.session.commit()
    assert drain()
    (path,) = outbox(app)
    raw = path.read_bytes()
    assert email.message_from_bytes(raw, policy=email.policy.default)["Subject"] == subject
    assert max(len(line) for line in raw.splitlines()) <= 78


def test_the_link_line_is_in_the_users_language(app, make_user, smtp_url):
    smtp_url(None)
    lan = make_user("lan@example.com", language="vi")
    with app.app_context():
        notify([lan], "Phiếu hỗ trợ", url="/r/crm/1")
        db.session.commit()
    assert drain()
    with app.test_request_context(), force_locale("vi"):
        expected = gettext("Open in Nhịp: %(link)s", link="/r/crm/1")
    (path,) = outbox(app)
    body = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert expected in body.get_content()


def test_a_closed_smtp_port_is_logged_and_does_not_raise(app, make_user, smtp_url, caplog):
    smtp_url(f"smtp://127.0.0.1:{free_port()}?timeout=2")
    lan = make_user("lan@example.com")
    with app.app_context(), caplog.at_level(logging.WARNING):
        notify([lan], "Nobody listens")
        db.session.commit()  # must not raise
        assert drain()
    assert "not sent" in caplog.text
    assert "lan@example.com" in caplog.text
    assert "ConnectionRefusedError" in caplog.text
    assert outbox(app) == []


def test_a_rolled_back_notification_sends_no_mail(app, make_user, smtp_server, smtp_url):
    inbox, port = smtp_server
    smtp_url(f"smtp://127.0.0.1:{port}")
    lan = make_user("lan@example.com")
    with app.app_context():
        notify([lan], "Rolled back")
        db.session.rollback()
        notify([lan], "Committed")
        db.session.commit()
    assert drain()
    assert [m["Subject"] for m in inbox.messages()] == ["Committed"]


def test_users_without_an_address_or_inactive_get_no_mail(app, make_user, smtp_url):
    from core.mail import send_notification

    smtp_url(None)
    lan = make_user("lan@example.com")
    with app.app_context():
        (row,) = notify([lan], "Hello")
        user = db.session.get(User, lan)
        user.email = ""
        assert send_notification(row, user) is False
        user.email = "lan@example.com"
        user.active = False
        assert send_notification(row, user) is False
        db.session.rollback()
    assert outbox(app) == []
