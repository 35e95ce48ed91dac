"""How records' lifecycle events drive their clocks (called from the SLA hook implementations,
inside the record's transaction, so a state change and its SLA bookkeeping commit together).
A policy whose work raises is skipped in a savepoint, logged and marked (``plugins.sla.failures``):
the record's own change still commits.

Each change is written with an English reason and its ``data``: a ``cause`` and the states,
policies and minutes it names, so that ``plugins.sla.timeline`` can tell it in any language.

Reopening: a met target starts a new cycle when the record leaves one of the target's stop
states for a state that neither stops nor cancels it, and that move goes back:

* to a state the record was in while the clock ran (``Clock.seen_states``), or
* to a state the record type lists before the one left (types list their states in workflow
  order: a desk request ``new → done → open``, a ticket ``resolved → open``), or
* out of a final state (a ``closed`` ticket reopened).

Moving on is not a reopen: Respond, met on ``open``, stays met when the request goes on to
``waiting``, and a step met on ``open`` stays met when the request goes on to ``done``."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import joinedload, lazyload

from core.db import db, utcnow
from core.entities import EntityType
from plugins.sla import clocks
from plugins.sla.durations import short
from plugins.sla.failures import Watch, isolated
from plugins.sla.matching import matching_version
from plugins.sla.models import Clock, PolicyVersion, Target
from plugins.sla.models.clock import ACTIVE, CANCELLED, MET, MET_LATE, PAUSED
from plugins.sla.switches import is_tracked

CREATED = "created"


def current_clocks(entity_key: str, record_id: int) -> dict[str, Clock]:
    """The record's clocks of the current cycle, by target name (cancelled ones excluded).

    One statement whatever the number of clocks and targets: the clocks joined to their
    policy version (its policy and calendar) and the version's targets (with their
    calendars). A clock's own target and calendar are among those rows, so they are taken
    from the session rather than joined to every row again (a clock whose calendar is
    neither its target's nor its version's still gets it, by one more query)."""
    rows = db.session.execute(
        db.select(Clock)
        .where(Clock.entity == entity_key, Clock.record_id == record_id, Clock.current.is_(True))
        .options(
            lazyload(Clock.target),
            lazyload(Clock.calendar),
            joinedload(Clock.policy_version).joinedload(PolicyVersion.targets),
        )
    )
    return {c.target_name: c for c in rows.unique().scalars()}


def on_created(entity: EntityType, record: Any, actor_id: int | None, now=None) -> None:
    """Start the targets of the matching policy that start on creation or in the first state."""
    if not is_tracked(entity.key):
        return
    with isolated(entity.key, record.id) as watch:
        _created(entity, record, actor_id, now, watch)


def on_transitioned(
    entity: EntityType, record: Any, from_state: str, to_state: str, actor_id: int | None, now=None
) -> None:
    """Apply each target's stop, cancel, pause and start rules to the state change."""
    if not is_tracked(entity.key):
        return
    with isolated(entity.key, record.id) as watch:
        _transitioned(entity, record, from_state, to_state, actor_id, now, watch)


def on_updated(entity: EntityType, record: Any, changes: dict, actor_id: int | None) -> None:
    """Re-match the policy; when another one applies now, retarget the clocks."""
    if not is_tracked(entity.key):
        return
    with isolated(entity.key, record.id) as watch:
        _updated(entity, record, actor_id, watch)


def _created(entity: EntityType, record: Any, actor_id: int | None, now, watch: Watch) -> None:
    version = matching_version(entity, record)
    if version is None:
        return
    watch.policy = version.policy
    now = now or utcnow()
    state = getattr(record, "state", None)
    for target in version.targets:
        if CREATED in target.start or (state and state in target.start):
            clock = clocks.start(
                entity,
                record,
                version,
                target,
                now,
                actor_id=actor_id,
                reason=f"started: record created ({version.policy.name} v{version.number})",
                data={"cause": "created", "state": state},
            )
            if state in target.pause:
                clocks.pause(
                    clock,
                    now,
                    f"paused: created in {state}",
                    actor_id,
                    data={"cause": "created_in", "state": state},
                )


def _transitioned(
    entity: EntityType, record: Any, from_state: str, to_state: str, actor_id, now, watch: Watch
) -> None:
    existing = current_clocks(entity.key, record.id)
    version = _governing_version(entity, record, existing)
    if version is None:
        return
    watch.policy = version.policy
    now = now or utcnow()
    for target in version.targets:
        clock = existing.get(target.name)
        if clock is not None and clock.state in ACTIVE:
            if to_state not in (clock.seen_states or []):
                clock.seen_states = [*(clock.seen_states or []), to_state]
            _move(clock, target, from_state, to_state, now, actor_id)
        else:
            _maybe_start(
                entity, record, version, target, clock, from_state, to_state, now, actor_id
            )
    _refresh_responsible(entity, record, existing.values())


def _updated(entity: EntityType, record: Any, actor_id: int | None, watch: Watch) -> None:
    existing = current_clocks(entity.key, record.id)
    new_version = matching_version(entity, record)
    old_version = _clock_version(existing)
    if old_version is None and new_version is None:
        return
    watch.policy = (new_version or old_version).policy
    if (
        old_version is not None
        and new_version is not None
        and (old_version.policy_id == new_version.policy_id)
    ):
        _refresh_responsible(entity, record, existing.values())
        return
    if old_version is None:
        _start_where_due(entity, record, new_version, existing, actor_id)
        return
    _retarget(entity, record, old_version, new_version, existing, actor_id)


def _governing_version(
    entity: EntityType, record: Any, existing: dict[str, Clock]
) -> PolicyVersion | None:
    """The version the record's clocks run under; the matching one when it has none."""
    return _clock_version(existing) or matching_version(entity, record)


def _clock_version(existing: dict[str, Clock]) -> PolicyVersion | None:
    """The version of the newest clock not cancelled. A retarget starts its clocks under the
    new version, so that version governs even beside a clock the old one met."""
    live = [c for c in existing.values() if c.state != CANCELLED]
    return max(live, key=lambda c: c.id).policy_version if live else None


def _move(clock: Clock, target: Target, from_state: str, to_state: str, now, actor_id) -> None:
    entered = {"cause": "entered", "state": to_state, "from": from_state}
    if to_state in target.stop:
        clocks.finish(clock, now, f"met: entered {to_state}", actor_id, data=entered)
    elif to_state in target.cancel:
        clocks.cancel(clock, now, f"cancelled: entered {to_state}", actor_id=actor_id, data=entered)
    elif to_state in target.pause:
        clocks.pause(clock, now, f"paused: entered {to_state}", actor_id, data=entered)
    elif clock.state == PAUSED:
        clocks.resume(
            clock,
            now,
            f"resumed: left {from_state}",
            actor_id,
            data={"cause": "left", "state": to_state, "from": from_state},
        )


def _reopens(
    entity: EntityType, target: Target, clock: Clock | None, from_state: str, to_state: str
) -> bool:
    """Whether this move reopens the met ``clock`` of ``target`` (see the module docstring)."""
    if clock is None or clock.state not in (MET, MET_LATE):
        return False
    if from_state not in target.stop or to_state in (*target.stop, *target.cancel):
        return False
    order = [s.name for s in entity.states]
    goes_back = to_state in order and from_state in order
    return (
        to_state in (clock.seen_states or [])
        or from_state in entity.final_states
        or (goes_back and order.index(to_state) < order.index(from_state))
    )


def _maybe_start(
    entity, record, version, target, clock, from_state, to_state, now, actor_id
) -> None:
    reopened = _reopens(entity, target, clock, from_state, to_state)
    if to_state not in target.start and not reopened:
        return
    if clock is not None and clock.state in (MET, MET_LATE) and not reopened:
        return  # met in this cycle; re-entering a start state does not restart it
    cycle = 1
    if clock is not None:
        clock.current = False
        cycle = clock.cycle + 1
    reason = (
        f"reopened: left {from_state}, cycle {cycle}"
        if reopened
        else (f"started: entered {to_state}")
    )
    started = clocks.start(
        entity,
        record,
        version,
        target,
        now,
        cycle=cycle,
        actor_id=actor_id,
        kind="reopened" if reopened else "started",
        reason=reason,
        data={
            "cause": "reopened" if reopened else "entered",
            "state": to_state,
            "from": from_state,
            "cycle": cycle,
        },
    )
    if to_state in target.pause:
        clocks.pause(
            started,
            now,
            f"paused: entered {to_state}",
            actor_id,
            data={"cause": "entered", "state": to_state, "from": from_state},
        )


def _start_where_due(
    entity, record, version: PolicyVersion, existing: dict[str, Clock], actor_id
) -> None:
    """A policy applies now where none did: start targets whose start state the record is in."""
    now = utcnow()
    state = getattr(record, "state", None)
    for target in version.targets:
        if state in target.start:
            old = existing.get(target.name)
            cycle = 1
            if old is not None:
                old.current = False
                cycle = old.cycle + 1
            clock = clocks.start(
                entity,
                record,
                version,
                target,
                now,
                cycle=cycle,
                actor_id=actor_id,
                reason=f"started: policy {version.policy.name} applies now",
                data={"cause": "applies", "state": state},
            )
            if state in target.pause:
                clocks.pause(
                    clock,
                    now,
                    f"paused: in {state}",
                    actor_id,
                    data={"cause": "in", "state": state},
                )


def _retarget(
    entity,
    record,
    old_version: PolicyVersion,
    new_version: PolicyVersion | None,
    existing: dict[str, Clock],
    actor_id,
) -> None:
    now = utcnow()
    old_name = old_version.policy.name
    if new_version is None:
        for clock in existing.values():
            if clock.state in ACTIVE:
                clocks.cancel(
                    clock,
                    now,
                    f"cancelled: policy {old_name} no longer applies",
                    kind="retargeted",
                    actor_id=actor_id,
                    data={"cause": "no_longer_applies", "policy": old_name},
                )
        return
    new_name = new_version.policy.name
    carry = new_version.on_change == "carry_over"
    state = getattr(record, "state", None)
    for target in new_version.targets:
        old = existing.get(target.name)
        if old is not None and old.state in (MET, MET_LATE):
            continue  # a met goal stays met
        if old is not None and old.state in ACTIVE:
            spent = clocks.cancel(
                old,
                now,
                f"retargeted: policy {old_name} → {new_name}",
                kind="retargeted",
                actor_id=actor_id,
                data={"cause": "replaced", "old_policy": old_name, "policy": new_name},
            )
            old.current = False
            kept = spent if carry else 0.0
            reason = (
                f"retargeted: policy {old_name} → {new_name}, {short(kept)} carried over"
                if carry
                else f"restarted: policy {old_name} → {new_name}"
            )
            clock = clocks.start(
                entity,
                record,
                new_version,
                target,
                now,
                cycle=old.cycle,
                spent=kept,
                # a carried-over clock goes on up the same ladder; a restarted one starts afresh
                fired_percent=old.fired_percent if carry else None,
                kind="retargeted" if carry else "restarted",
                reason=reason,
                actor_id=actor_id,
                data={
                    "cause": "carried" if carry else "restarted",
                    "old_policy": old_name,
                    "carried": kept,
                },
            )
        elif state in target.start:
            if old is not None:
                old.current = False
            clock = clocks.start(
                entity,
                record,
                new_version,
                target,
                now,
                cycle=old.cycle + 1 if old else 1,
                actor_id=actor_id,
                reason=f"started: policy {new_name} applies now",
                data={"cause": "applies", "state": state},
            )
        else:
            continue
        if state in target.pause:
            clocks.pause(
                clock, now, f"paused: in {state}", actor_id, data={"cause": "in", "state": state}
            )
    kept_names = {t.name for t in new_version.targets}
    for name, clock in existing.items():
        if name not in kept_names and clock.state in ACTIVE:
            clocks.cancel(
                clock,
                now,
                f"cancelled: policy {new_name} has no target {name}",
                kind="retargeted",
                actor_id=actor_id,
                data={"cause": "no_target", "policy": new_name, "target": name},
            )


def _refresh_responsible(entity: EntityType, record: Any, rows) -> None:
    for clock in rows:
        if clock.state in ACTIVE:
            clocks.assign_responsible(clock, entity, record)
