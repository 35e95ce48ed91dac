"""The sweep: the database's answer to a queue that lost its jobs.

It finds the clocks whose next due instant has passed through the ``next_due_at`` index and
fires them here, one transaction each; then it schedules anew the jobs of the clocks due within
the coming ``horizon`` (scheduling again under the same id only moves a job), so that levels are
on time again even after Redis lost everything. The worker runs it periodically, one sweeper at
a time; ``nhip sla sweep`` runs it by hand; the embedded mode runs it in the server.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from core.db import db, utcnow
from plugins.sla.escalation.job import fire
from plugins.sla.escalation.schedule import send
from plugins.sla.models import Clock

log = logging.getLogger("nhip.sla")

#: how many due clocks one sweep fires at most (the next sweep goes on)
BATCH = 5000
#: how far ahead a sweep re-schedules jobs
HORIZON = timedelta(minutes=2)


@dataclass
class SweepReport:
    """What one sweep did: clocks found due, levels fired, jobs re-scheduled, failures."""

    due: int = 0
    fired: int = 0
    scheduled: int = 0
    failed: int = 0


def due_clock_ids(now: datetime, limit: int = BATCH) -> list[int]:
    """Ids of the clocks due at ``now``, most overdue first (an index range scan). Clocks of
    record types whose plugin is disabled wait, and do not crowd out the others."""
    enabled = [entity.key for entity in current_app.extensions["nhip"].entities]
    stmt = (
        db.select(Clock.id)
        .where(Clock.next_due_at <= now, Clock.entity.in_(enabled))
        .order_by(Clock.next_due_at)
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def sweep(now: datetime | None = None, horizon: timedelta = HORIZON) -> SweepReport:
    """Fire every due clock, then re-schedule the jobs due within ``horizon``."""
    now = now or utcnow()
    report = SweepReport()
    ids = due_clock_ids(now)
    db.session.rollback()  # end the read: each clock fires in a transaction of its own
    report.due = len(ids)
    for clock_id in ids:
        try:
            report.fired += fire(clock_id)
        except Exception:  # noqa: BLE001 - one broken clock must not stop the sweep
            report.failed += 1
            log.exception("SLA sweep: clock %s failed to fire", clock_id)
    upcoming = db.session.execute(
        db.select(Clock.id, Clock.version, Clock.next_due_at).where(
            Clock.next_due_at > now, Clock.next_due_at <= now + horizon
        )
    ).all()
    db.session.rollback()
    send([tuple(row) for row in upcoming])
    report.scheduled = len(upcoming)
    return report


def run() -> None:
    """The periodic task: one sweep, logged when it did anything."""
    report = sweep()
    if report.due or report.failed:
        log.info(
            "SLA sweep: %s due, %s levels fired, %s failed, %s jobs re-scheduled",
            report.due,
            report.fired,
            report.failed,
            report.scheduled,
        )
