"""Keeping each running clock's job in the queue in step with its next due instant.

``plan(clock)`` is called whenever a clock is rescheduled; when the transaction commits, each
planned clock's job is scheduled at its ``next_due_at`` (scheduling again under the same id moves
the job) or cancelled when nothing is due any more. A rolled-back transaction plans nothing.

The job id comes from the clock alone (``sla-clock-<id>``), so that a rescheduled clock moves
its one job instead of leaving the old one behind; the clock's version travels as the job's
argument. Nothing depends on the queue being right: the job fires only what the database
says is due, and the sweep schedules what the queue lost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from core.records import after_commit

PLANNED_KEY = "sla_planned_clocks"
FIRE = "plugins.sla.escalation.job.fire"


def job_id(clock_id: int) -> str:
    """The queue id of a clock's job (letters, digits and dashes only, as RQ requires)."""
    return f"sla-clock-{clock_id}"


def plan(clock) -> None:
    """Schedule ``clock``'s job anew once the current transaction commits."""
    from core.db import db

    db.session.info.setdefault(PLANNED_KEY, {})[id(clock)] = clock


def send(jobs: list[tuple[int, int, datetime | None]]) -> None:
    """Schedule (or cancel) the job of each ``(clock id, version, next due)``."""
    from core import queue

    for clock_id, version, due in jobs:
        if due is None:
            queue.cancel(job_id(clock_id))
        else:
            queue.schedule_at(due, FIRE, clock_id, version, job_id=job_id(clock_id))


@event.listens_for(Session, "before_commit")
def _hand_over(session: Session) -> None:
    planned = session.info.pop(PLANNED_KEY, None)
    if not planned:
        return
    session.flush()  # new clocks get their ids
    jobs = [(c.id, c.version, c.next_due_at) for c in planned.values() if c.id is not None]
    after_commit(lambda: send(jobs))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PLANNED_KEY, None)
