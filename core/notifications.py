"""Notifying people: the in-app message (the bell) and its delivery through channels.

``notify`` stores one ``Notification`` per active recipient in the *current* transaction and
does not commit: the caller's commit makes the notifications and the change they are about
visible together. Only after that commit is a queue job queued (``deliver_job``, through
``core.queue``) that calls the channels (``deliver_notification`` implementations: e-mail,
webhooks, chat); a rolled-back transaction delivers nothing. The job runs off the request's
thread: on an ``nhip worker`` with Redis, on the embedded runner thread without; so a slow or
unreachable SMTP server never holds a page up. Tests wait for it with ``core.queue.drain()``.

Each notification is its own outbox entry: the database, not the queue, says what is still to
deliver. A notification's ``delivered_at`` is set once its channels were called (whatever they
answered). Before calling them a delivery *claims* the notification with one guarded
``UPDATE`` (``delivering_since``; a claim older than ``CLAIM_TIMEOUT`` is taken to be a
delivery that died, and may be taken over), so two jobs for one notification (a duplicate, a
retry racing the catch-up) call its channels once. When the job is never queued (Redis down)
or lost (Redis flushed, worker killed), the periodic task ``deliver_pending`` (every minute on
the workers, every 10 s in the embedded mode) finds the notifications older than
``PENDING_AGE`` still undelivered and delivers them through the same claim.

``channels`` narrows where one notification goes: without it, the bell and every channel;
with it, only the names listed (``in_app`` for the bell, ``email``, a third party's channel
name), stored on the row. Without ``in_app`` the row is stored already read (the record of
what was sent, no bell); with nothing but ``in_app`` nothing leaves the database: the row is
stored delivered and no job is queued. A channel asks ``wants(notification, name)`` and skips
what is not for it.

Each channel is called on its own: one that raises is logged with its plugin's name and the
others still deliver. (Calling the hook as a whole would stop at the first exception, so one
broken channel would silence every channel registered before it.) Hook *wrappers* are not
run for this hook: delivery is a list of independent channels, not a pipeline.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, inspect, or_, update
from sqlalchemy.orm.util import identity_key

from core.db import db, utcnow
from core.models import Notification, User
from core.queue import enqueue
from core.records import after_commit

DELIVER_JOB = "core.notifications.deliver_job"
#: more attempts of a delivery job that failed as a whole (backing off; see core.queue)
DELIVERY_RETRIES = 3
#: the bell: the stored row itself, delivered by no channel
BELL = "in_app"
#: a claim older than this belongs to a delivery that died (its worker was killed): it may be
#: taken over. Far longer than any channel takes (the SMTP timeout is 10 s).
CLAIM_TIMEOUT = timedelta(minutes=5)
#: ``deliver_pending`` leaves younger notifications to the job queued after their commit
PENDING_AGE = timedelta(minutes=1)
#: how many notifications ``deliver_pending`` reads at a time
PENDING_BATCH = 200
#: ``deliver_pending`` starts no new batch after this many seconds (the next round goes on)
PENDING_ROUND_SECONDS = 60.0

log = logging.getLogger("nhip.notifications")


def _active_users(wanted: list[int]) -> list[User]:
    """The active users of the sorted ids ``wanted``, in that order: those the session already
    holds loaded (the caller has just read them, as the SLA's ``notify`` action does) without
    asking the database again, the others in one query."""
    held: dict[int, User] = {}
    for uid in wanted:
        user = db.session.identity_map.get(identity_key(User, uid))
        if (
            user is not None
            and not inspect(user).expired_attributes
            and user not in db.session.dirty
        ):
            held[uid] = user
    missing = [uid for uid in wanted if uid not in held]
    if missing:
        rows = db.session.execute(db.select(User).where(User.id.in_(missing))).scalars()
        held.update((user.id, user) for user in rows)
    return [held[uid] for uid in wanted if uid in held and held[uid].active]


def notify(
    user_ids: Iterable[int],
    subject: str,
    body: str = "",
    url: str = "",
    kind: str = "info",
    entity: str | None = None,
    record_id: int | None = None,
    channels: Iterable[str] | None = None,
) -> list[Notification]:
    """Store a notification for each active user of ``user_ids`` (in the current transaction).

    Unknown, inactive and repeated ids are skipped. Nothing is committed here; the channels
    deliver after the caller's commit (see the module docstring). ``channels`` (None: all)
    names the bell (``in_app``) and the channels this notification may use. Returns the new
    rows, flushed, so their ids are known.
    """
    only = None if channels is None else frozenset(channels)
    wanted = sorted({int(uid) for uid in user_ids if uid is not None})
    if not wanted:
        return []
    users = _active_users(wanted)
    now = utcnow()
    outgoing = only is None or bool(only - {BELL})
    rows = [
        Notification(
            user_id=user.id,
            subject=str(subject)[:300],
            body=str(body or ""),
            url=str(url or "")[:500],
            kind=kind,
            entity=entity,
            record_id=record_id,
            read_at=None if only is None or BELL in only else now,
            channels=None if only is None else sorted(only),
            delivered_at=None if outgoing else now,
        )
        for user in users
    ]
    if not rows:
        return []
    db.session.add_all(rows)
    db.session.flush()
    if outgoing:
        ids = [row.id for row in rows]
        after_commit(lambda: enqueue(DELIVER_JOB, ids, retry=DELIVERY_RETRIES))
    return rows


def wants(notification: Notification, channel: str) -> bool:
    """Whether ``notification`` may be delivered through ``channel`` (see ``notify``)."""
    only = notification.channels
    return only is None or channel in only


def deliver_job(notification_ids: list[int], channels: list[str] | None = None) -> None:
    """The queue job: deliver each stored notification of ``notification_ids`` (see
    ``deliver_stored``) to the channels stored with it.

    Runs in an application context (``core.queue``). ``channels`` is not read: jobs queued
    by earlier versions passed it, it is stored on the row now. Channels' own failures are
    logged by ``deliver`` and not raised, so a retry (``DELIVERY_RETRIES``) happens only when
    the job itself failed, such as the database being away, before any channel was called
    for that notification.
    """
    for notification_id in notification_ids:
        deliver_stored(notification_id)


def deliver_pending(older_than: timedelta = PENDING_AGE) -> int:
    """The periodic task: deliver every notification older than ``older_than`` that is still
    undelivered and not claimed (or whose claim is stale): its job was never queued or was
    lost. Returns how many this call delivered; one that fails is logged and left for the
    next round."""
    now = utcnow()
    started = time.monotonic()
    delivered = 0
    after = 0
    while True:
        ids = pending_ids(now - older_than, now - CLAIM_TIMEOUT, after)
        db.session.rollback()  # end the read: each notification is claimed on its own
        for notification_id in ids:
            try:
                delivered += deliver_stored(notification_id)
            except Exception:  # noqa: BLE001 - one broken notification must not stop the rest
                db.session.rollback()
                log.exception("notification %s: late delivery failed", notification_id)
        if len(ids) < PENDING_BATCH or time.monotonic() - started > PENDING_ROUND_SECONDS:
            break
        after = ids[-1]
    if delivered:
        log.info("delivered %s notifications whose delivery job was lost", delivered)
    return delivered


def pending_ids(created_before: datetime, claimed_before: datetime, after: int = 0) -> list[int]:
    """Ids (above ``after``, at most ``PENDING_BATCH``) of the undelivered notifications made
    before ``created_before`` and not claimed since ``claimed_before`` (the partial index
    ``ix_core_notification_undelivered`` holds only undelivered rows)."""
    stmt = (
        db.select(Notification.id)
        .where(
            Notification.delivered_at.is_(None),
            Notification.id > after,
            Notification.created_at <= created_before,
            or_(
                Notification.delivering_since.is_(None),
                Notification.delivering_since < claimed_before,
            ),
        )
        .order_by(Notification.id)
        .limit(PENDING_BATCH)
    )
    return list(db.session.execute(stmt).scalars())


def deliver_stored(notification_id: int) -> bool:
    """Claim notification ``notification_id``, call its channels, mark it delivered; whether
    this call delivered it (False: delivered already, being delivered, or gone).

    Commits: the claim before the channels are called, ``delivered_at`` after.
    """
    if not claim(notification_id):
        return False
    try:
        notification = db.session.get(Notification, notification_id)
        user = db.session.get(User, notification.user_id) if notification is not None else None
    except Exception:
        db.session.rollback()
        with suppress(Exception):  # the database is away: the claim times out instead
            release(notification_id)
        raise
    if notification is not None and user is not None:
        deliver(notification, user)
        # channels may keep the objects they were given: detach them, so that the commit
        # below does not expire what they hold
        for row in (notification, user):
            if row in db.session:
                db.session.expunge(row)
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id)
        .values(delivered_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return True


def claim(notification_id: int) -> bool:
    """Take notification ``notification_id`` for delivery, committed; False when it is
    delivered already or claimed by another delivery less than ``CLAIM_TIMEOUT`` ago.

    One guarded ``UPDATE``: of two deliveries asking at once, the database lets one change
    the row; the other then finds the claim and changes nothing.
    """
    now = utcnow()
    result = db.session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.delivered_at.is_(None),
            or_(
                Notification.delivering_since.is_(None),
                Notification.delivering_since < now - CLAIM_TIMEOUT,
            ),
        )
        .values(delivering_since=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def release(notification_id: int) -> None:
    """Give up the claim on an undelivered notification (its delivery failed before any
    channel was called), so that a retry may claim it at once."""
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.delivered_at.is_(None))
        .values(delivering_since=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def deliver(notification: Notification, user: User, app=None) -> list[str]:
    """Call each ``deliver_notification`` channel for one notification; returns failed plugins.

    A channel that raises is logged (with its plugin name) and the next channel still runs.
    Channels run in pluggy's order (last registered first).
    """
    app = app or current_app._get_current_object()
    failed: list[str] = []

    def report(plugin: str, exc: Exception) -> None:
        failed.append(plugin)
        app.logger.error(
            "channel %s failed to deliver notification %s to user %s",
            plugin,
            notification.id,
            user.id,
            exc_info=exc,
        )

    app.extensions["nhip"].call_each(
        "deliver_notification", report, notification=notification, user=user
    )
    return failed


def unread_count(user_id: int) -> int:
    """How many of ``user_id``'s notifications are unread (the bell's number)."""
    return db.session.execute(
        db.select(func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)
        )
    ).scalar_one()


def mark_read(user_id: int, ids: Iterable[int] | None = None, *, commit: bool = True) -> int:
    """Mark ``user_id``'s notifications ``ids`` (all when None) as read; returns how many.

    Other users' notifications among ``ids`` are left alone. Commits unless ``commit=False``.
    """
    statement = (
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if ids is not None:
        wanted = [int(i) for i in ids]
        if not wanted:
            return 0
        statement = statement.where(Notification.id.in_(wanted))
    count = db.session.execute(statement).rowcount
    if commit:
        db.session.commit()
    return count
