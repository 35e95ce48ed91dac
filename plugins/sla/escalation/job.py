"""The escalation job: fire the levels of one clock that are due and not fired yet.

It runs on a queue worker (or the embedded loop, or the sweep) in a transaction of its own:
the clock's row is locked, its state and levels are read again, and each due level is stored
as an ``Escalation`` row (unique per clock, cycle and level) together with its actions' effects
on the database. Work that leaves the database (e-mail, webhooks) is handed to the queue after
that commit. So a job that runs twice, late, or on two workers at once has one effect; a job
for a clock that was paused, met or rescheduled meanwhile finds nothing due, or re-plans.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import current_app, has_request_context

from core.db import db, utcnow
from core.entities import EntityType
from core.locks import locked_rows
from plugins.sla.calendars import work_calendar
from plugins.sla.clocks import record_event, spent_at
from plugins.sla.escalation.actions import action_types
from plugins.sla.escalation.context import FAILED, EscalationContext, Outcome
from plugins.sla.escalation.levels import Level, ladder, next_level_at, pending, reached_at
from plugins.sla.escalation.schedule import plan
from plugins.sla.models import Clock, Escalation
from plugins.sla.models.clock import RUNNING

log = logging.getLogger("nhip.sla")


def fire(clock_id: int, version: int | None = None) -> int:
    """Fire what is due on clock ``clock_id`` now; returns how many levels fired.

    ``version`` is the clock version the job was scheduled for; it is informative only: what
    fires is decided from the database as it is now.
    """
    try:
        count = fire_due(clock_id, utcnow())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count


def fire_due(clock_id: int, now: datetime) -> int:
    """Inside the caller's transaction: lock the record, then its clock (the order in which
    people's changes lock them, so the two never wait on each other), and fire its due
    levels."""
    found = db.session.execute(
        db.select(Clock.entity, Clock.record_id).where(Clock.id == clock_id)
    ).first()
    host = current_app.extensions["nhip"]
    if found is None or found.entity not in host.entities:
        return 0  # gone, or its plugin is disabled: the levels wait until it is back
    entity = host.entities.get(found.entity)
    records = locked_rows(entity.model, entity.model.id == found.record_id)
    rows = locked_rows(Clock, Clock.id == clock_id)
    clock = rows[0] if rows else None
    if clock is None or clock.state != RUNNING or clock.next_due_at is None:
        return 0
    if not records:
        clock.next_due_at = None  # its record is gone: nothing of it is due any more
        return 0
    if clock.next_due_at > now:
        plan(clock)  # woken early (the queue rounds to seconds): wait for the instant
        return 0
    if _no_longer_governed(entity, clock, now):
        return 0
    record = records[0]
    count = fire_passed(entity, record, clock, now)
    if clock.state == RUNNING:
        clock.next_due_at = next_level_at(clock, work_calendar(clock.calendar))
        plan(clock)
    return count


def _no_longer_governed(entity: EntityType, clock: Clock, now: datetime) -> bool:
    """Cancel (and say so) a clock whose type's tracking is off or whose policy is inactive:
    one a record's change started while tracking was being switched off or the policy
    deactivated, after ``plugins.sla.ending`` had cancelled the others."""
    from plugins.sla.clocks import cancel
    from plugins.sla.switches import is_tracked

    policy = clock.policy_version.policy
    if not is_tracked(entity.key):
        reason, data = "cancelled: tracking switched off", {"cause": "tracking_off"}
    elif not policy.active:
        reason = f"cancelled: policy {policy.name} deactivated"
        data = {"cause": "deactivated", "policy": policy.name}
    else:
        return False
    cancel(clock, now, reason, data=data)
    return True


def fire_passed(
    entity: EntityType, record: Any, clock: Clock, until: datetime, *, backdate: bool = False
) -> int:
    """Fire, in order, the levels the running ``clock`` reached by ``until``; returns how
    many. With ``backdate`` each firing is dated at the instant its level was reached (a
    replayed history), else at ``until``."""
    calendar = work_calendar(clock.calendar)
    count = 0
    for level in pending(ladder(clock.target.escalations), clock.fired_percent):
        due = reached_at(
            calendar, clock.resumed_at, clock.goal_minutes, clock.spent_minutes, level.percent
        )
        if due > until or clock.state != RUNNING:
            break
        fire_level(entity, record, clock, level, due, due if backdate else until, replay=backdate)
        count += 1
    return count


def fire_level(
    entity: EntityType,
    record: Any,
    clock: Clock,
    level: Level,
    due: datetime,
    now: datetime,
    *,
    replay: bool = False,
) -> Escalation:
    """Store one level's firing, mark a breach, and run the level's actions in order
    (``replay``: a replayed history, see ``EscalationContext``)."""
    if level.is_breach and clock.breached_at is None:
        clock.breached_at = clock.deadline or due
    escalation = Escalation(
        clock=clock,
        cycle=clock.cycle,
        percent=level.percent,
        entity=clock.entity,
        record_id=clock.record_id,
        target_name=clock.target_name,
        due_at=due,
        fired_at=now,
        responsible_user_id=clock.responsible_user_id,
        outcomes=[],
    )
    db.session.add(escalation)
    clock.fired_percent = level.percent
    db.session.flush()  # a second firing of the level fails here, on the unique row
    context = EscalationContext(
        entity=entity,
        record=record,
        clock=clock,
        escalation=escalation,
        percent=level.percent,
        now=now,
        minutes_over=spent_at(clock, now) - clock.goal_minutes,
        url=_record_path(entity, record),
        title=entity.title_of(record),
        replay=replay,
    )
    for index, action in enumerate(level.actions):
        context.index = index
        outcome = run_action(context, action)
        escalation.outcomes = [*escalation.outcomes, outcome.as_json(str(action.get("type")))]
    record_event(
        clock,
        "escalated",
        f"level {level.percent:g}% fired",
        now,
        data={
            "cause": "breach" if level.percent == 100 else "level",
            "percent": level.percent,
            "escalation": escalation.id,
        },
    )
    return escalation


def run_action(context: EscalationContext, action: dict) -> Outcome:
    """Run one action in a savepoint: an action that raises is recorded as failed, its
    partial changes undone, and the level's other actions still run."""
    kind = action.get("type")
    action_type = action_types().get(kind)
    if action_type is None or action_type.run is None:
        return Outcome(FAILED, error=f"no runner for action type {kind!r}")
    config = {k: v for k, v in action.items() if k != "type"}
    savepoint = db.session.begin_nested()
    try:
        outcome = action_type.run(context, config) or Outcome()
    except Exception as exc:  # noqa: BLE001 - one failing action must not stop the level
        savepoint.rollback()
        log.warning("SLA action %s on clock %s failed: %s", kind, context.clock.id, exc)
        return Outcome(FAILED, error=f"{type(exc).__name__}: {exc}"[:500])
    savepoint.commit()
    return outcome


def _record_path(entity: EntityType, record: Any) -> str:
    """The record's page as a path, also outside a request (worker, sweep)."""
    from core.ui.links import record_url

    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return record_url(entity, record)
    with current_app.test_request_context("/"):
        return record_url(entity, record)
