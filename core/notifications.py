"""Notifying people: the in-app message (the bell) and its delivery through channels.

``notify`` stores one ``Notification`` per active recipient in the *current* transaction and
does not commit: the caller's commit makes the notifications and the change they are about
visible together. Only after that commit is a queue job queued (``deliver_job``, through
``core.queue``) that calls the channels (``deliver_notification`` implementations: e-mail,
webhooks, chat); a rolled-back transaction delivers nothing. The job runs off the request's
thread: on an ``nhip worker`` with Redis, on the embedded runner thread without; so a slow or
unreachable SMTP server never holds a page up. Tests wait for it with ``core.queue.drain()``.

``channels`` narrows where one notification goes: without it, the bell and every channel;
with it, only the names listed (``in_app`` for the bell, ``email``, a third party's channel
name). Without ``in_app`` the row is stored already read (the record of what was sent, no
bell). A channel asks ``wants(notification, name)`` and skips what is not for it.

Each channel is called on its own: one that raises is logged with its plugin's name and the
others still deliver. (Calling the hook as a whole would stop at the first exception, so one
broken channel would silence every channel registered before it.) Hook *wrappers* are not
run for this hook: delivery is a list of independent channels, not a pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import func, update

from core.db import db, utcnow
from core.models import Notification, User
from core.queue import enqueue
from core.records import after_commit

DELIVER_JOB = "core.notifications.deliver_job"
#: more attempts of a delivery job that failed as a whole (backing off; see core.queue)
DELIVERY_RETRIES = 3


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
    users = (
        db.session.execute(
            db.select(User).where(User.id.in_(wanted), User.active.is_(True)).order_by(User.id)
        )
        .scalars()
        .all()
    )
    rows = [
        Notification(
            user_id=user.id,
            subject=str(subject)[:300],
            body=str(body or ""),
            url=str(url or "")[:500],
            kind=kind,
            entity=entity,
            record_id=record_id,
            read_at=None if only is None or "in_app" in only else utcnow(),
        )
        for user in users
    ]
    if not rows:
        return []
    db.session.add_all(rows)
    db.session.flush()
    ids = [row.id for row in rows]
    names = None if only is None else sorted(only)
    after_commit(lambda: enqueue(DELIVER_JOB, ids, names, retry=DELIVERY_RETRIES))
    return rows


def wants(notification: Notification, channel: str) -> bool:
    """Whether ``notification`` may be delivered through ``channel`` (see ``notify``)."""
    only = getattr(notification, "channels", None)
    return only is None or channel in only


def deliver_job(notification_ids: list[int], channels: list[str] | None = None) -> None:
    """The queue job: hand each stored notification of ``notification_ids`` to every channel
    (or only to ``channels``, see ``notify``).

    Runs in an application context (``core.queue``). A notification deleted since, or whose
    user is gone, is skipped. Channels' own failures are logged by ``deliver`` and not raised,
    so a retry (``DELIVERY_RETRIES``) happens only when the job itself failed, such as the
    database being away, before any channel was called for that notification.
    """
    only = None if channels is None else frozenset(channels)
    for notification_id in notification_ids:
        notification = db.session.get(Notification, notification_id)
        if notification is None:
            continue
        user = db.session.get(User, notification.user_id)
        if user is None:
            continue
        notification.channels = only  # not stored: read by ``wants`` during delivery
        deliver(notification, user)


def deliver(notification: Notification, user: User, app=None) -> list[str]:
    """Call each ``deliver_notification`` channel for one notification; returns failed plugins.

    A channel that raises is logged (with its plugin name) and the next channel still runs.
    Channels run in pluggy's order (last registered first).
    """
    app = app or current_app._get_current_object()
    caller = app.extensions["nhip"].hook.deliver_notification
    kwargs = {"notification": notification, "user": user}
    failed: list[str] = []
    for impl in reversed(caller.get_hookimpls()):
        if impl.hookwrapper or impl.wrapper:
            continue
        try:
            impl.function(*[kwargs[name] for name in impl.argnames])
        except Exception:  # noqa: BLE001 - one broken channel must not stop the others
            failed.append(impl.plugin_name)
            app.logger.exception(
                "channel %s failed to deliver notification %s to user %s",
                impl.plugin_name,
                notification.id,
                user.id,
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
