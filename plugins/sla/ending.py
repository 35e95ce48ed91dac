"""Ending the clocks nobody is held to any more, at once: when tracking of a record type is
switched off, and when a policy is deactivated.

Their running and paused clocks are cancelled then (not at the record's next change), each
with a clock event saying why; cancelling re-plans the clock, so its escalation job is taken off
the queue after the commit, and a job that runs anyway finds the clock no longer running and
fires nothing (``plugins.sla.escalation.job``). Met, met-late and already cancelled clocks keep
their outcome.

The clocks are locked before they are cancelled, so a clock the escalation job or a record's
change holds is waited for and read again; the caller locks the type's switch row first
(``plugins.sla.switches.lock_switch``) so that a backfill of the same type does not run beside.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement

from core.db import db, utcnow
from core.locks import locked_rows
from plugins.sla import clocks
from plugins.sla.models import Clock, Policy, PolicyVersion
from plugins.sla.models.clock import ACTIVE


def _governed_by(policy_id: int) -> ColumnElement[bool]:
    versions = db.select(PolicyVersion.id).where(PolicyVersion.policy_id == policy_id)
    return Clock.version_id.in_(versions)


def _active(*criteria: Any) -> list[Any]:
    return [Clock.current.is_(True), Clock.state.in_(ACTIVE), *criteria]


def count_of_type(entity_key: str) -> int:
    """How many running or paused clocks tracking ``entity_key`` would end."""
    return _count(Clock.entity == entity_key)


def count_of_policy(policy_id: int) -> int:
    """How many running or paused clocks deactivating policy ``policy_id`` would end."""
    return _count(_governed_by(policy_id))


def _count(criterion: ColumnElement[bool]) -> int:
    return db.session.execute(
        db.select(db.func.count()).select_from(Clock).where(*_active(criterion))
    ).scalar_one()


def tracking_switched_off(
    entity_key: str, actor_id: int | None = None, now: datetime | None = None
) -> int:
    """Cancel the running and paused clocks of ``entity_key``; returns how many."""
    return _end(
        Clock.entity == entity_key,
        "cancelled: tracking switched off",
        {"cause": "tracking_off"},
        actor_id,
        now,
    )


def policy_deactivated(
    policy: Policy, actor_id: int | None = None, now: datetime | None = None
) -> int:
    """Cancel the running and paused clocks governed by ``policy`` (any of its versions);
    returns how many."""
    return _end(
        _governed_by(policy.id),
        f"cancelled: policy {policy.name} deactivated",
        {"cause": "deactivated", "policy": policy.name},
        actor_id,
        now,
    )


def _end(criterion: ColumnElement[bool], reason: str, data: dict, actor_id: int | None, now) -> int:
    now = now or utcnow()
    ended = 0
    for clock in locked_rows(Clock, *_active(criterion), order_by=Clock.id):
        if clock.state not in ACTIVE:  # pragma: no cover - the lock re-read it; kept for safety
            continue
        clocks.cancel(clock, now, reason, actor_id=actor_id, data=dict(data))
        ended += 1
    return ended


def active_policy_ids() -> set[int]:
    """The ids of the policies active now (to compare with after a save)."""
    return set(db.session.execute(db.select(Policy.id).where(Policy.active.is_(True))).scalars())


def end_deactivated(active_before: set[int], actor_id: int | None = None) -> dict[str, int]:
    """Cancel the running clocks of each policy that was active (``active_before``) and is no
    longer; ``{policy name: clocks cancelled}``."""
    if not active_before:
        return {}
    deactivated = db.session.execute(
        db.select(Policy)
        .where(Policy.id.in_(active_before), Policy.active.is_(False))
        .order_by(Policy.name)
    ).scalars()
    return {policy.name: policy_deactivated(policy, actor_id) for policy in deactivated}


def deactivated_message(policy_name: str, count: int) -> str:
    """What a page says after deactivating a policy, in the viewer's language."""
    from flask_babel import ngettext

    return ngettext(
        "Policy %(name)s is deactivated: %(num)d running clock was cancelled.",
        "Policy %(name)s is deactivated: %(num)d running clocks were cancelled.",
        count,
        name=policy_name,
    )
