"""``notify``: tell people that a record's deadline is near or past, in the bell and by e-mail,
each in their own language.

Configuration: ``to`` (a list of ``responsible``, ``manager``, ``department_head``,
``role:NAME``, ``user:EMAIL``), ``channels`` (``in_app`` and/or ``email``; both by default),
``levels`` (how far up the manager chain ``manager`` reaches; 1 by default).

Only people who may read the record (the entity's read permission and its ``visible`` scope)
are told: the notification shows its title and a link to it. The others are listed in the
outcome as ``unreadable``.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.db import db
from core.models import User
from core.models.users import DEFAULT_TIMEZONE
from core.notifications import notify
from core.ui.dates import datetime_text
from plugins.sla.badges import duration, round_the_clock
from plugins.sla.escalation.actions.recipients import (
    active_users,
    is_recipient,
    resolve,
    responsible,
)
from plugins.sla.escalation.context import DONE, NO_RECIPIENT, EscalationContext, Outcome
from plugins.sla.readable import visible_record

CHANNELS = ("in_app", "email")
MAX_LEVELS = 10


def validate(config: dict) -> list[str]:
    to = config.get("to")
    if not isinstance(to, list) or not to:
        return ["to: a non-empty list of recipients"]
    errors = [
        f"to[{index}]: {item!r} is not one of responsible, manager, department_head, "
        "role:NAME, user:EMAIL"
        for index, item in enumerate(to)
        if not is_recipient(item)
    ]
    channels = config.get("channels", list(CHANNELS))
    if not isinstance(channels, list) or not channels or not set(channels) <= set(CHANNELS):
        errors.append("channels: a list of in_app and/or email")
    levels = config.get("levels", 1)
    if isinstance(levels, bool) or not isinstance(levels, int) or not 1 <= levels <= MAX_LEVELS:
        errors.append(f"levels: how far up the manager chain, 1 to {MAX_LEVELS}")
    return errors


def run(context: EscalationContext, config: dict) -> Outcome:
    """Notify every recipient found who may read the record; ``no_recipient`` when nobody is
    (those who may not are listed as ``unreadable``). In a replayed history the notifications
    are stored as read, dated when the level fired, and not e-mailed."""
    channels = [] if context.replay else list(config.get("channels") or CHANNELS)
    levels = int(config.get("levels", 1))
    wanted: list[int] = []
    unresolved: list[str] = []
    for item in config.get("to") or []:
        found = resolve(context, item, levels)
        if not found:
            unresolved.append(item)
        wanted += [uid for uid in found if uid not in wanted]
    users: list[User] = []
    unreadable: list[int] = []
    for user in active_users(wanted):
        if visible_record(context.entity, context.record.id, user) is None:
            unreadable.append(user.id)
        else:
            users.append(user)
    if not users:
        refused: dict = {"unresolved": unresolved}
        if unreadable:
            refused["unreadable"] = unreadable
        return Outcome(NO_RECIPIENT, refused)
    person = responsible(context)
    name = db.session.get(User, person).name if person is not None else None
    for user in users:
        with force_locale(user.language or "en"):
            subject, body = message(context, user, name)
        rows = notify(
            [user.id],
            subject,
            body,
            url=context.url,
            kind="sla.overdue" if context.breached else "sla.reminder",
            entity=context.entity.key,
            record_id=context.record.id,
            channels=channels,
        )
        if context.replay:
            for row in rows:
                row.created_at = row.read_at = context.now
    detail: dict = {
        "user_ids": [u.id for u in users],
        "emails": [u.email for u in users],
        "channels": channels,
    }
    if unresolved:
        detail["unresolved"] = unresolved
    if unreadable:
        detail["unreadable"] = unreadable
    return Outcome(DONE, detail)


#: the body's first line, by whether the target's calendar counts every hour (24/7: hours)
MISSED = {
    False: _l(
        "%(entity)s %(record)s missed its %(target)s deadline: %(over)s of working time past it."
    ),
    True: _l("%(entity)s %(record)s missed its %(target)s deadline: %(over)s past it."),
}
LEFT = {
    False: _l("%(entity)s %(record)s has %(left)s of working time left to meet %(target)s."),
    True: _l("%(entity)s %(record)s has %(left)s left to meet %(target)s."),
}


def message(context: EscalationContext, user: User, responsible: str | None) -> tuple[str, str]:
    """Subject and body for ``user``, in the current locale: a reminder below 100 % of the
    goal, an overdue notice from 100 % on."""
    names = {"target": context.clock.target_name, "record": context.title}
    if context.breached:
        over = duration(max(context.minutes_over, 0))
        subject = _(
            "Overdue: %(target)s on %(record)s, %(over)s past the deadline", over=over, **names
        )
        told = MISSED[round_the_clock(context.clock.calendar)]
        lines = [str(told) % {"entity": str(context.entity.label), "over": over, **names}]
    else:
        left = duration(max(-context.minutes_over, 0))
        subject = _("Reminder: %(target)s on %(record)s, %(left)s left", left=left, **names)
        told = LEFT[round_the_clock(context.clock.calendar)]
        lines = [str(told) % {"entity": str(context.entity.label), "left": left, **names}]
    deadline = context.clock.deadline
    if deadline is not None:
        zone = user.timezone or DEFAULT_TIMEZONE
        try:
            local = deadline.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            zone, local = "UTC", deadline
        when = datetime_text(local, zone=local.tzinfo)
        lines.append(_("Deadline %(when)s (%(zone)s)", when=when, zone=zone))
    if responsible:
        lines.append(_("Responsible: %(name)s", name=responsible))
    return subject, "\n".join(lines)
