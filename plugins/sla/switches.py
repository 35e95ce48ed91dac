"""Which entity types SLA can track, and which have tracking switched on."""

from __future__ import annotations

from flask import current_app, has_request_context, request
from sqlalchemy.exc import IntegrityError

from core.db import db
from core.entities import EntityType
from core.locks import locked_rows
from plugins.sla.models import ModuleSwitch

#: plugins whose record types are never tracked: the host's users, SLA's own incidents
NOT_TRACKABLE = frozenset({"core", "sla"})
#: where a request keeps the tracked types it read (``is_tracked``)
SWITCHES_KEY = "nhip.sla.tracked_keys"


def trackable_types() -> list[EntityType]:
    """The enabled entity types SLA can track, by key: every plugin's but the host's and
    SLA's own. The overview, the preview, the policy form, configuration files and
    ``nhip sla`` offer these and no others."""
    registry = current_app.extensions["nhip"].entities
    return [e for e in registry if e.plugin not in NOT_TRACKABLE]


def trackable_type(key: str) -> EntityType | None:
    """The trackable entity type ``key``, or None (unknown, disabled or not trackable)."""
    return next((e for e in trackable_types() if e.key == key), None)


def is_tracked(entity_key: str) -> bool:
    """Whether tracking is on for ``entity_key`` (off unless an admin switched it on).

    In a request the switches are read once (one query for all types, kept in the request's
    environ: not on ``flask.g``, which outlives a request when an app context was pushed
    before it) and forgotten when ``set_tracking`` changes one; each request reads them
    afresh, so every process follows an admin's switch at its next request. Outside a request
    (commands, jobs) the switch row is read each time."""
    if has_request_context():
        tracked = request.environ.get(SWITCHES_KEY)
        if tracked is None:
            tracked = request.environ[SWITCHES_KEY] = frozenset(tracked_keys())
        return entity_key in tracked
    row = db.session.get(ModuleSwitch, entity_key)
    return bool(row and row.enabled)


def forget_switches() -> None:
    """Drop the request's copy of the switches (after one changed)."""
    if has_request_context():
        request.environ.pop(SWITCHES_KEY, None)


def tracked_keys() -> set[str]:
    return set(
        db.session.execute(
            db.select(ModuleSwitch.entity).where(ModuleSwitch.enabled.is_(True))
        ).scalars()
    )


def lock_switch(entity_key: str) -> ModuleSwitch:
    """The switch row of ``entity_key`` (made, off, when missing), locked until the transaction
    ends: switching, ending clocks and backfilling a type take turns on it."""
    if not locked_rows(ModuleSwitch, ModuleSwitch.entity == entity_key):
        try:
            with db.session.begin_nested():
                db.session.add(ModuleSwitch(entity=entity_key, enabled=False))
        except IntegrityError:
            pass  # made by someone else meanwhile: lock theirs
    return locked_rows(ModuleSwitch, ModuleSwitch.entity == entity_key)[0]


def set_tracking(entity_key: str, enabled: bool, actor_id: int | None = None) -> int:
    """Switch tracking for ``entity_key`` (in the current transaction). Switching it off
    cancels its running and paused clocks at once (``plugins.sla.ending``); returns how many."""
    from plugins.sla.ending import tracking_switched_off

    row = lock_switch(entity_key)
    row.enabled = enabled
    forget_switches()
    return 0 if enabled else tracking_switched_off(entity_key, actor_id)
