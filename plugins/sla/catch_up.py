"""Giving the open records of a tracked type their clocks, when tracking was switched on or a
policy added after they were created: on the tracking page and by ``nhip sla backfill``.

Each open record (not in a final state) that has no clock at all is replayed from its audit
trail (``plugins.sla.backfill``): its clocks are what they would be had the policy always been
there, and escalation levels passed before now are skipped. Records in a final state are left
alone (their outcome is history nobody was held to), and so are records that have clocks,
cancelled ones included: a record whose clocks were cancelled when tracking was switched off
keeps that outcome, and gets a new cycle when it next enters a start state.

The type's switch row is locked first: of two backfills (or a backfill and a switch-off) of the
same type one waits for the other, then finds the records the first gave clocks to no longer
without clocks, so no record gets two sets.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from core.db import db
from core.entities import EntityType
from core.errors import BusinessRuleError
from plugins.sla.backfill import replay
from plugins.sla.models import Clock
from plugins.sla.switches import lock_switch


def _without_clocks(entity: EntityType) -> ColumnElement[bool]:
    """Open records of ``entity`` without any clock."""
    model = entity.model
    has_clock = db.select(Clock.record_id).where(Clock.entity == entity.key)
    found = model.id.not_in(has_clock)
    if entity.final_states and hasattr(model, "state"):
        found = found & (model.state.not_in(sorted(entity.final_states)) | model.state.is_(None))
    return found


def waiting_count(entity: EntityType) -> int:
    """How many open records of ``entity`` have no clock (all of them, not only those a
    policy would give clocks to)."""
    return db.session.execute(
        db.select(db.func.count()).select_from(entity.model).where(_without_clocks(entity))
    ).scalar_one()


def give_clocks(entity: EntityType) -> tuple[int, int]:
    """Replay every open record of ``entity`` without clocks (in the caller's transaction);
    ``(records that got clocks, records looked at)``. BusinessRuleError when tracking is off."""
    switch = lock_switch(entity.key)
    if not switch.enabled:
        raise BusinessRuleError(f"SLA tracking is off for {entity.key}; switch it on first")
    rows: list[Any] = list(
        db.session.execute(
            db.select(entity.model).where(_without_clocks(entity)).order_by(entity.model.id)
        ).scalars()
    )
    given = sum(1 for record in rows if replay(entity, record))
    return given, len(rows)
