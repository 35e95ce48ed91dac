"""The notification service: stored in the caller's transaction, delivered after its commit."""

from __future__ import annotations

import logging

import pytest

from core.db import db
from core.hookmarkers import hookimpl
from core.models import Notification, User
from core.notifications import mark_read, notify, unread_count
from core.queue import drain


class RecordingChannel:
    """A channel that remembers what it was asked to deliver."""

    def __init__(self) -> None:
        self.delivered: list[tuple[str, str]] = []

    @hookimpl
    def deliver_notification(self, notification, user):
        """Remember (subject, e-mail)."""
        self.delivered.append((notification.subject, user.email))


class BrokenChannel:
    """A channel whose every delivery fails."""

    @hookimpl
    def deliver_notification(self, notification):
        """Fail (takes only ``notification``: pluggy lets an implementation omit arguments)."""
        raise RuntimeError("chat service unreachable")


@pytest.fixture
def channels(app):
    """Register channels on the live plugin manager for one test, then remove them."""
    pm = app.extensions["nhip"].live.pm
    added = []

    def add(channel):
        pm.register(channel)
        added.append(channel)
        return channel

    yield add
    for channel in added:
        pm.unregister(channel)


def test_notify_stores_one_row_per_active_user_and_skips_the_rest(app, make_user):
    lan = make_user("lan@example.com")
    minh = make_user("minh@example.com")
    gone = make_user("gone@example.com")
    with app.app_context():
        db.session.get(User, gone).active = False
        db.session.commit()
        rows = notify([lan, minh, lan, gone, 999_999], "Order SO-1 is late", url="/x")
        assert sorted(r.user_id for r in rows) == [lan, minh]
        assert all(r.id for r in rows)
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count(Notification.id))) == 2


def test_notify_does_not_commit_by_itself(app, make_user):
    lan = make_user("lan@example.com")
    with app.app_context():
        notify([lan], "Draft")
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0


def test_channels_are_called_only_after_the_commit(app, make_user, channels):
    channel = channels(RecordingChannel())
    lan = make_user("lan@example.com")
    with app.app_context():
        notify([lan], "Ticket T-7 assigned to you")
        assert drain()
        assert channel.delivered == []
        db.session.commit()
        assert drain()
        assert channel.delivered == [("Ticket T-7 assigned to you", "lan@example.com")]


def test_a_rolled_back_notification_is_never_delivered(app, make_user, channels):
    channel = channels(RecordingChannel())
    lan = make_user("lan@example.com")
    with app.app_context():
        notify([lan], "Never sent")
        db.session.rollback()
        db.session.commit()
        assert drain()
        assert channel.delivered == []


def test_a_failing_channel_is_logged_and_the_others_still_deliver(app, make_user, channels, caplog):
    first = channels(RecordingChannel())
    channels(BrokenChannel())  # registered last: pluggy calls it first
    lan = make_user("lan@example.com")
    with app.app_context(), caplog.at_level(logging.ERROR):
        notify([lan], "Leave request approved")
        db.session.commit()
        assert drain()
    assert first.delivered == [("Leave request approved", "lan@example.com")]
    assert "failed to deliver notification" in caplog.text
    assert "chat service unreachable" in caplog.text


def test_unread_count_and_mark_read_touch_only_the_owners_rows(app, make_user):
    lan = make_user("lan@example.com")
    minh = make_user("minh@example.com")
    with app.app_context():
        mine = notify([lan], "one") + notify([lan], "two") + notify([lan], "three")
        theirs = notify([minh], "other")
        db.session.commit()
        assert unread_count(lan) == 3
        assert mark_read(lan, [mine[0].id, theirs[0].id]) == 1
        assert unread_count(lan) == 2
        assert unread_count(minh) == 1
        assert mark_read(lan) == 2
        assert unread_count(lan) == 0
        assert mark_read(lan, []) == 0
