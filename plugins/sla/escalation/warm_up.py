"""A rehearsed firing when ``nhip worker`` starts, before its first job.

A process that fires a level for the first time compiles every statement of the firing, loads
the policy's calendar and the translation catalogs, and builds the URL map's matcher: about as
long as the firing's round trips (docs/performance.md, "Throughput"). So the worker fires the
most overdue running clock once, in its warm-up transaction, which
``core.queue.worker.warm_up`` rolls back: nothing is stored, no job is queued (``plan`` and
``after_commit`` forget what a rolled-back transaction asked for). By default the jobs then run
in that same process and find that work done; with ``nhip worker --fork-per-job`` every child
forked for a job inherits it instead of doing it again. The rehearsal runs the level's actions
too (in the rolled-back transaction), and locks that clock's record until the rollback.
"""

from __future__ import annotations

from core.db import db
from plugins.sla.models import Clock
from plugins.sla.models.clock import RUNNING


def rehearse_firing() -> int:
    """Fire the running clock that is due first, as its job would, inside the caller's
    transaction (to be rolled back); returns how many levels fired (0: no running clock)."""
    from plugins.sla.escalation.job import fire_due

    found = db.session.execute(
        db.select(Clock.id, Clock.next_due_at)
        .where(Clock.state == RUNNING, Clock.next_due_at.is_not(None))
        .order_by(Clock.next_due_at)
        .limit(1)
    ).first()
    if found is None:
        return 0
    return fire_due(found.id, found.next_due_at)
