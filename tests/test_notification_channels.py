"""``notify(channels=...)``: a notification limited to some channels skips the others."""

from __future__ import annotations

from core.db import db
from core.models import Notification
from core.notifications import notify


def outbox(app):
    folder = app.config["NHIP"].instance / "outbox"
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def _drain():
    """E-mail may go out from a queue job: let the embedded queue finish when there is one."""
    try:
        from core import queue
    except ImportError:
        return
    queue.drain(10)


def test_without_the_email_channel_nothing_is_mailed(app, make_user):
    lan = make_user("lan@example.com")
    before = len(outbox(app))
    with app.app_context():
        notify([lan], "In the bell only", channels=["in_app"])
        db.session.commit()
        _drain()
        row = db.session.execute(db.select(Notification)).scalar_one()
        assert row.read_at is None
    assert len(outbox(app)) == before


def test_without_the_bell_the_row_is_stored_already_read_and_mailed(app, make_user):
    lan = make_user("lan@example.com")
    before = len(outbox(app))
    with app.app_context():
        notify([lan], "By e-mail only", channels=["email"])
        db.session.commit()
        _drain()
        row = db.session.execute(db.select(Notification)).scalar_one()
        assert row.read_at is not None
    assert len(outbox(app)) == before + 1


def test_without_channels_the_bell_rings_and_the_mail_goes(app, make_user):
    lan = make_user("lan@example.com")
    before = len(outbox(app))
    with app.app_context():
        notify([lan], "Everywhere")
        db.session.commit()
        _drain()
        assert db.session.execute(db.select(Notification.read_at)).scalar_one() is None
    assert len(outbox(app)) == before + 1
