"""Giving records that existed before tracking was switched on the clocks they would have.

The record's audit trail is replayed: its creation, then each transition at the time it
happened, so deadlines, pauses and met/late outcomes are what live tracking would have made.

Escalation levels the replayed clocks passed before now are skipped by default: switching
tracking on must not send reminders and record incidents for lateness nobody was told of at the
time. ``escalate=True`` (the demo) fires them instead, each dated when it was reached, as a
worker would have done.
"""

from __future__ import annotations

from typing import Any

from core.db import db, utcnow
from core.entities import EntityType
from core.models import AuditEntry
from plugins.sla import lifecycle
from plugins.sla.calendars import work_calendar
from plugins.sla.clocks import reschedule
from plugins.sla.escalation.job import fire_passed
from plugins.sla.escalation.levels import last_passed
from plugins.sla.models import Clock
from plugins.sla.models.clock import RUNNING


def backfill(entity: EntityType, limit: int | None = None, *, escalate: bool = False) -> int:
    """Replay every record of ``entity`` that has no clock yet; returns how many got clocks."""
    has_clock = db.select(Clock.record_id).where(Clock.entity == entity.key)
    stmt = (
        db.select(entity.model).where(entity.model.id.not_in(has_clock)).order_by(entity.model.id)
    )
    if limit:
        stmt = stmt.limit(limit)
    count = 0
    for record in db.session.execute(stmt).scalars().all():
        if replay(entity, record, escalate=escalate):
            count += 1
    return count


def replay(
    entity: EntityType, record: Any, *, escalate: bool = False, trail_id: int | None = None
) -> bool:
    """Rebuild the clocks of one record from its audit trail; True when any clock started.
    ``escalate``: fire the levels reached on the way (see the module docstring). ``trail_id``:
    the record whose trail is replayed when ``record`` stands in for it under another id (a
    backtest, ``plugins.sla.backtest``, so that the real record's clocks are not seen)."""
    entries = (
        db.session.execute(
            db.select(AuditEntry)
            .where(
                AuditEntry.entity == entity.key,
                AuditEntry.record_id == (record.id if trail_id is None else trail_id),
                AuditEntry.kind.in_(("created", "transition")),
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        .scalars()
        .all()
    )
    created = next((e for e in entries if e.kind == "created"), None)
    born = getattr(record, "created_at", None) or (created.at if created else utcnow())
    final_state = getattr(record, "state", None)
    history = [e for e in entries if e.kind == "transition" and e.changes]
    first_state = history[0].changes["state"][0] if history else final_state
    if first_state is not None:
        record.state = first_state  # replay from the state it was created in
    lifecycle.on_created(entity, record, None, now=born)
    for entry in history:
        before, after = entry.changes["state"]
        at = max(entry.at, born)
        if escalate:
            _escalate(entity, record, at)
        record.state = after
        lifecycle.on_transitioned(entity, record, before, after, entry.user_id, now=at)
    if final_state is not None:
        record.state = final_state
    now = utcnow()
    if escalate:
        _escalate(entity, record, now)
    db.session.flush()
    started = False
    for clock in _clocks(entity, record):
        started = True
        if clock.state == RUNNING:
            if not escalate:
                clock.fired_percent = last_passed(clock, work_calendar(clock.calendar), now)
            clock.version -= 1
            reschedule(clock, now)
    return started


def _clocks(entity: EntityType, record: Any) -> list[Clock]:
    return list(
        db.session.execute(
            db.select(Clock).where(Clock.entity == entity.key, Clock.record_id == record.id)
        ).scalars()
    )


def _escalate(entity: EntityType, record: Any, until) -> None:
    """Fire the levels the record's running clocks reached by ``until``, dated then."""
    db.session.flush()
    for clock in _clocks(entity, record):
        if clock.current and clock.state == RUNNING:
            fire_passed(entity, record, clock, until, backdate=True)
