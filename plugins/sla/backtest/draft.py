"""Replaying records under a draft policy, in transactions that are always rolled back.

Each batch of records is one transaction: the draft is saved in it as an import or the policy
form would save it, tracking is switched on for the type if it was off, each record is
replayed from its audit trail (``plugins.sla.backfill.replay``, the rules live tracking
follows) and the clocks the draft gave are read; then everything is rolled back. Nothing is
committed, so no escalation job is scheduled (``escalation.schedule`` hands jobs over only on
commit), and the replay fires no escalation level, so nobody is notified and no incident is
opened.

The replay sees each record through a stand-in under the negative of its id: the clocks the
draft gives never meet the record's real ones (which are neither read nor locked by it), and
the states the replay steps through are set on the stand-in, never on the record. Small
batches keep what a transaction holds (on SQLite, the database's write lock) short."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.db import db
from core.entities import EntityType
from core.records import AFTER_COMMIT_KEY
from plugins.sla.backfill import replay
from plugins.sla.backtest.outcomes import Outcome, read_outcomes
from plugins.sla.config_store import check, save_calendar, save_policy
from plugins.sla.escalation.schedule import PLANNED_KEY
from plugins.sla.models import Policy
from plugins.sla.switches import is_tracked, set_tracking

#: records replayed in one rolled-back transaction (a second or so of work)
BATCH = 50


@dataclass(frozen=True)
class Draft:
    """What would be saved: an SLA configuration document (the policy form's draft is one
    policy), the policy to show the results of, and the id of the policy the form edits (it
    is renamed first when the draft gives it a new name)."""

    document: dict
    name: str
    edited_id: int | None = None

    @property
    def policy(self) -> dict:
        """The definition of the policy shown."""
        return next(p for p in self.document.get("policies", []) if p["name"] == self.name)


class StandIn:
    """``record`` as the replay sees it: under the negative of its id, with its own ``state``;
    every other attribute is the record's."""

    def __init__(self, record: Any) -> None:
        self.__dict__["_record"] = record
        self.id = -record.id
        self.state = getattr(record, "state", None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["_record"], name)


@contextmanager
def rolled_back() -> Iterator[None]:
    """A transaction whose work is always undone, with the jobs and after-commit work it
    planned forgotten."""
    if db.session.new or db.session.dirty or db.session.deleted:
        raise RuntimeError("a backtest needs a session with nothing unsaved")
    try:
        yield
    finally:
        db.session.rollback()
        db.session.info.pop(PLANNED_KEY, None)
        db.session.info.pop(AFTER_COMMIT_KEY, None)


def draft_outcomes(
    entity: EntityType, draft: Draft, record_ids: list[int], now: datetime
) -> tuple[dict[tuple[int, str, int], Outcome], str | None]:
    """What the draft gives the records ``record_ids`` of ``entity``, by (record, target,
    cycle), and the problem it had on some record (it was then skipped there), if any."""
    found: dict[tuple[int, str, int], Outcome] = {}
    problem = None
    for start in range(0, len(record_ids), BATCH):
        batch = record_ids[start : start + BATCH]
        with rolled_back():
            policy = _install(entity, draft)
            records = db.session.execute(
                db.select(entity.model).where(entity.model.id.in_(batch))
            ).scalars()
            stand_ins = {}
            for record in records:
                stand_in = StandIn(record)
                replay(entity, stand_in, trail_id=record.id)
                stand_ins[stand_in.id] = record.id
            db.session.flush()
            found.update(read_outcomes(entity.key, stand_ins, now))
            problem = problem or policy.problem
    return found, problem


def _install(entity: EntityType, draft: Draft) -> Policy:
    """Save the draft in the current transaction as an import saves a document, but without
    ending the running clocks of a policy the draft deactivates (the real clocks are left
    alone); returns the policy shown."""
    from plugins.sla.admin.naming import rename  # the admin pages import this module

    if draft.edited_id is not None:
        rename(db.session.get(Policy, draft.edited_id), draft.name)
    check(draft.document)
    for calendar in draft.document.get("calendars", []):
        save_calendar(calendar)
    db.session.flush()
    for policy in draft.document.get("policies", []):
        save_policy(policy)
    if not is_tracked(entity.key):
        set_tracking(entity.key, True)
    db.session.flush()
    return db.session.execute(db.select(Policy).where(Policy.name == draft.name)).scalar_one()
