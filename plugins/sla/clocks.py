"""The rules of one clock: start, pause, resume, meet, cancel, and its schedule.

Every change writes a ClockEvent with its reason (English, for logs and tests) and its ``data``
(the cause and its facts: states, policies, minutes carried) from which the SLA timeline is told
in the viewer's language (``plugins.sla.timeline``), and bumps ``Clock.version`` (escalation jobs
carry it, so a job for an outdated schedule does nothing).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.db import db
from core.entities import EntityType
from plugins.sla.calendars import work_calendar, work_position
from plugins.sla.escalation.levels import next_level_at, reached_at
from plugins.sla.escalation.schedule import plan
from plugins.sla.models import Clock, ClockEvent, PolicyVersion, Target
from plugins.sla.models.clock import CANCELLED, MET, MET_LATE, PAUSED, RUNNING


def record_event(
    clock: Clock,
    kind: str,
    reason: str,
    now: datetime,
    *,
    actor_id: int | None = None,
    data: dict | None = None,
) -> ClockEvent:
    """Write why ``clock`` changed: ``kind``, an English ``reason`` and structured ``data``."""
    event = ClockEvent(
        clock=clock,
        entity=clock.entity,
        record_id=clock.record_id,
        at=now,
        kind=kind,
        reason=reason,
        data=data,
        actor_id=actor_id,
    )
    db.session.add(event)
    return event


def start(
    entity: EntityType,
    record: Any,
    version: PolicyVersion,
    target: Target,
    now: datetime,
    *,
    cycle: int = 1,
    spent: float = 0.0,
    fired_percent: float | None = None,
    kind: str = "started",
    reason: str = "",
    actor_id: int | None = None,
    data: dict | None = None,
) -> Clock:
    """A new running clock for ``target`` on ``record`` (``spent`` minutes already used, its
    escalation ladder fired up to ``fired_percent``); ``data`` tells the cause of the start
    (see ``plugins.sla.timeline``)."""
    calendar = target.calendar or version.calendar
    clock = Clock(
        entity=entity.key,
        record_id=record.id,
        target=target,
        target_name=target.name,
        policy_version=version,
        calendar=calendar,
        cycle=cycle,
        current=True,
        state=RUNNING,
        goal_minutes=target.minutes,
        spent_minutes=spent,
        fired_percent=fired_percent,
        started_at=now,
        resumed_at=now,
        seen_states=[record.state] if getattr(record, "state", None) else [],
    )
    assign_responsible(clock, entity, record)
    db.session.add(clock)
    reschedule(clock, now)
    record_event(
        clock,
        kind,
        reason or f"started under {version.policy.name} v{version.number}",
        now,
        actor_id=actor_id,
        data={
            "policy": version.policy.name,
            "version": version.number,
            **(data or {}),
            "spent": spent,
            "goal": target.minutes,
        },
    )
    return clock


def assign_responsible(clock: Clock, entity: EntityType, record: Any) -> None:
    clock.responsible_user_id = entity.responsible_user_of(record)
    clock.responsible_department = entity.responsible_department_of(record)


def spent_at(clock: Clock, now: datetime) -> float:
    """Working minutes the clock has used up to ``now``."""
    if clock.state != RUNNING or clock.resumed_at is None:
        return clock.spent_minutes
    calendar = work_calendar(clock.calendar)
    return clock.spent_minutes + calendar.working_minutes(clock.resumed_at, now)


def reschedule(clock: Clock, now: datetime) -> None:
    """Recompute deadline, first warning and next due instant of a running clock.

    The next due instant is when the clock reaches its next escalation level not yet fired;
    the clock's job is (re)scheduled for it once the transaction commits.

    A paused clock has no deadline (its time left is frozen); a met or cancelled one keeps the
    deadline it had, so its badge can still say when it was due. A running clock whose goal is
    used up keeps the instant it broke (``breached_at``, when noted) as its deadline, however
    often it is re-planned; its ``deadline_work`` still gives the overdue working time. Only
    running clocks are due.
    """
    clock.version = (clock.version or 0) + 1
    clock.next_due_at = None
    plan(clock)
    if clock.state == PAUSED:
        clock.deadline = clock.deadline_work = clock.warn_at = None
    if clock.state != RUNNING:
        return
    calendar = work_calendar(clock.calendar)
    left = clock.goal_minutes - clock.spent_minutes
    begin = clock.resumed_at
    clock.deadline_work = work_position(calendar, begin) + left
    clock.deadline = calendar.add(begin, left) if left > 0 else (clock.breached_at or begin)

    warnings = sorted(float(p) for p in clock.target.warn or [])
    clock.warn_at = (
        reached_at(calendar, begin, clock.goal_minutes, clock.spent_minutes, warnings[0])
        if warnings
        else None
    )
    clock.next_due_at = next_level_at(clock, calendar)


def note_breach(clock: Clock, now: datetime) -> None:
    """Remember that a running clock passed its deadline (before it is paused, stopped or
    re-planned, which would lose the instant)."""
    if (
        clock.state == RUNNING
        and clock.deadline is not None
        and now > clock.deadline
        and clock.breached_at is None
    ):
        clock.breached_at = clock.deadline


def pause(
    clock: Clock,
    now: datetime,
    reason: str,
    actor_id: int | None = None,
    data: dict | None = None,
) -> None:
    """Stop the running stretch, keeping the working time used; ``data`` tells why."""
    if clock.state != RUNNING:
        return
    note_breach(clock, now)
    clock.spent_minutes = spent_at(clock, now)
    clock.state, clock.paused_at, clock.resumed_at = PAUSED, now, None
    reschedule(clock, now)
    record_event(
        clock,
        "paused",
        reason,
        now,
        actor_id=actor_id,
        data={**(data or {}), "spent": clock.spent_minutes},
    )


def resume(
    clock: Clock,
    now: datetime,
    reason: str,
    actor_id: int | None = None,
    data: dict | None = None,
) -> None:
    """Start a new running stretch of a paused clock; ``data`` tells why."""
    if clock.state != PAUSED:
        return
    clock.state, clock.resumed_at, clock.paused_at = RUNNING, now, None
    reschedule(clock, now)
    record_event(clock, "resumed", reason, now, actor_id=actor_id, data=data)


def finish(
    clock: Clock,
    now: datetime,
    reason: str,
    actor_id: int | None = None,
    data: dict | None = None,
) -> None:
    """Meet the target: ``met`` within the goal, ``met_late`` past it (or past the deadline:
    a record resolved at 20:00 after a 17:30 deadline used no working time since, but is late)."""
    note_breach(clock, now)
    spent = spent_at(clock, now)
    clock.spent_minutes = spent
    late = spent > clock.goal_minutes + 1e-9 or clock.breached_at is not None
    clock.state = MET_LATE if late else MET
    clock.stopped_at, clock.resumed_at, clock.paused_at = now, None, None
    reschedule(clock, now)
    record_event(
        clock, clock.state, reason, now, actor_id=actor_id, data={**(data or {}), "spent": spent}
    )


def cancel(
    clock: Clock,
    now: datetime,
    reason: str,
    *,
    kind: str = "cancelled",
    actor_id: int | None = None,
    data: dict | None = None,
) -> float:
    """Stop the clock without meeting it; returns the working minutes it had used."""
    note_breach(clock, now)
    spent = spent_at(clock, now)
    clock.spent_minutes = spent
    clock.state = CANCELLED
    clock.stopped_at, clock.resumed_at, clock.paused_at = now, None, None
    reschedule(clock, now)
    record_event(clock, kind, reason, now, actor_id=actor_id, data={**(data or {}), "spent": spent})
    return spent
