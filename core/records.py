"""The service functions that create, update and transition records of any entity type.

Each validates, writes the audit trail and calls the lifecycle hook inside one transaction:
if anything raises, nothing is committed. Work for other processes (queue jobs, e-mail) is
handed to ``after_commit`` and runs only once the transaction has committed.

Updates and transitions first take the record's row lock (``lock``) and re-read it: of two
concurrent changes of one record the second waits for the first to commit, then finds the
record as the first left it. If its state moved on since the caller read it, or its version
(``core.versions``) is not the one the caller's change was based on, the change is refused
with ``Conflict`` (409) before anything is written or any hook runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.change_hooks import tell_plugins
from core.db import db
from core.entities import EntityType
from core.errors import Conflict, NotFound, TransitionError, ValidationError
from core.fieldvalues import coerce_values
from core.locks import locked_rows
from core.models import AuditEntry
from core.versions import changes_since, version_of

AFTER_COMMIT_KEY = "nhip_after_commit"


def host():
    """The application's plugin host."""
    return current_app.extensions["nhip"]


def entity_type(key: str | EntityType) -> EntityType:
    """The enabled entity type ``key`` (NotFound otherwise)."""
    return key if isinstance(key, EntityType) else host().entities.get(key)


def get_record(entity: str | EntityType, record_id: int) -> Any:
    """The record ``record_id`` of ``entity`` or NotFound."""
    entity = entity_type(entity)
    record = db.session.get(entity.model, record_id)
    if record is None:
        raise NotFound(f"{entity.key} {record_id} does not exist")
    return record


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` after the current transaction commits; dropped if it rolls back.

    Callbacks run inside SQLAlchemy's after-commit event: they hand work to other processes
    (queue jobs, e-mail) and must not query through ``db.session``; one that needs the
    database opens its own ``Session(db.engine)``. A failing callback is logged. Registered
    inside a savepoint (``begin_nested``), a callback waits for the outermost commit (releasing
    the savepoint is no commit) and is dropped if that savepoint rolls back.
    """
    session = db.session()
    owner = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(AFTER_COMMIT_KEY, []).append((owner, callback))


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    released = session.get_nested_transaction()
    if released is not None:  # a savepoint released: its callbacks now belong to its parent
        pending = session.info.get(AFTER_COMMIT_KEY, [])
        session.info[AFTER_COMMIT_KEY] = [
            (released.parent if owner is released else owner, callback)
            for owner, callback in pending
        ]
        return
    callbacks = session.info.pop(AFTER_COMMIT_KEY, [])
    for _owner, callback in callbacks:
        try:
            callback()
        except Exception:  # noqa: BLE001 - the commit stands; the failure is logged
            logging.getLogger("nhip").exception("after-commit work failed")


@event.listens_for(Session, "after_rollback")
def _drop_after_commit(session: Session) -> None:
    undone = session.get_nested_transaction()
    if undone is None:
        session.info.pop(AFTER_COMMIT_KEY, None)
        return
    pending = session.info.get(AFTER_COMMIT_KEY, [])
    session.info[AFTER_COMMIT_KEY] = [item for item in pending if item[0] is not undone]


def audit(
    entity: EntityType,
    record: Any,
    kind: str,
    message: str = "",
    *,
    actor_id: int | None = None,
    changes: dict | None = None,
) -> AuditEntry:
    """Add one line to ``record``'s audit trail (in the current transaction)."""
    entry = AuditEntry(
        entity=entity.key,
        record_id=record.id,
        user_id=actor_id,
        kind=kind,
        message=message,
        changes=changes,
    )
    db.session.add(entry)
    return entry


def _finish(commit: bool) -> None:
    if commit:
        db.session.commit()
    else:
        db.session.flush()


def _abort_on_error(func):
    def wrapper(*args, **kwargs):
        commit = kwargs.get("commit", True)
        try:
            return func(*args, **kwargs)
        except Exception:
            if commit:
                db.session.rollback()
            raise

    wrapper.__doc__ = func.__doc__
    wrapper.__name__ = func.__name__
    return wrapper


@_abort_on_error
def create(
    entity: str | EntityType,
    values: dict[str, Any],
    actor_id: int | None = None,
    *,
    commit: bool = True,
    note: str = "",
) -> Any:
    """Create a record of ``entity`` from field values (strings are coerced); returns it."""
    entity = entity_type(entity)
    if entity.defaults:
        values = dict(values)
        for name, value in (entity.defaults(actor_id) or {}).items():
            if values.get(name) in (None, ""):
                values[name] = value
    clean = coerce_values(entity, values, creating=True)
    record = entity.model()
    for name, value in clean.items():
        _assign(entity, record, name, value)
    if entity.initial_state:
        record.state = entity.initial_state
    _check_business_rules(entity, record, clean, creating=True)
    db.session.add(record)
    db.session.flush()
    if entity.on_create:
        entity.on_create(record, values, actor_id)
        db.session.flush()
    audit(entity, record, "created", note, actor_id=actor_id)
    tell_plugins("entity_created", entity=entity, record=record, actor_id=actor_id)
    _finish(commit)
    return record


@_abort_on_error
def update(
    entity: str | EntityType,
    record: Any,
    values: dict[str, Any],
    actor_id: int | None = None,
    *,
    commit: bool = True,
    version: int | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Change editable fields of ``record``; returns ``{field: (old, new)}`` of real changes.

    ``version`` is the version the caller's values were based on (None: not checked); a record
    changed since, or whose state moved on since it was read, is refused with ``Conflict``.
    """
    entity = entity_type(entity)
    seen_state = getattr(record, "state", None)
    lock(entity, record)
    check_unchanged(entity, record, seen_state, version)
    clean = coerce_values(entity, values, creating=False)
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in clean.items():
        if entity.child(name) is not None:
            old_rows = [
                _row_values(entity.child(name), row)
                for row in getattr(record, entity.child(name).attribute)
            ]
            if old_rows != value:
                changes[name] = (old_rows, value)
            continue
        old = getattr(record, entity.field(name).attr)
        if old != value:
            changes[name] = (old, value)
    if not changes:
        _finish(commit)  # ends the transaction (and the lock) when the caller asked to commit
        return {}
    for name, (_old, new) in changes.items():
        _assign(entity, record, name, new)
    _check_business_rules(entity, record, clean, creating=False)
    db.session.flush()
    audit(
        entity,
        record,
        "updated",
        actor_id=actor_id,
        changes={k: [jsonable(o), jsonable(n)] for k, (o, n) in changes.items()},
    )
    tell_plugins("entity_updated", entity=entity, record=record, changes=changes, actor_id=actor_id)
    _finish(commit)
    return changes


@_abort_on_error
def transition(
    entity: str | EntityType,
    record: Any,
    to_state: str,
    actor_id: int | None = None,
    *,
    note: str = "",
    commit: bool = True,
    from_state: str | None = None,
    version: int | None = None,
) -> Any:
    """Move ``record`` to ``to_state`` if the workflow allows it from its current state.

    ``from_state`` is the state the caller saw (default: the record's state as read in this
    transaction) and ``version`` the version it saw (None: not checked). If the record moved on
    meanwhile, the move is refused with ``Conflict``; a move the workflow does not allow from
    the current state (the current state itself included) with ``TransitionError``.
    """
    entity = entity_type(entity)
    if not entity.states:
        raise TransitionError(f"{entity.key} records have no states to move between", [])
    seen_state = record.state if from_state is None else from_state
    lock(entity, record)
    check_unchanged(entity, record, seen_state, version)
    from_state = record.state
    allowed = [t.target for t in entity.transitions_from(from_state)]
    if entity.state(to_state) is None:
        raise TransitionError(f"{to_state!r} is not a state of {entity.key}", allowed)
    if to_state not in allowed:
        options = ", ".join(allowed) or "none"
        refusal = f"cannot move {entity.key} {record.id} from {from_state} to {to_state}"
        if to_state == from_state:  # most often: someone else made this very move first
            refusal = f"{entity.title_of(record)} has already moved on (now {from_state})"
        raise TransitionError(f"{refusal}; allowed: {options}", allowed)
    if entity.on_transition:
        entity.on_transition(record, from_state, to_state, actor_id)
    record.state = to_state
    db.session.flush()
    audit(
        entity,
        record,
        "transition",
        note,
        actor_id=actor_id,
        changes={"state": [from_state, to_state]},
    )
    tell_plugins(
        "entity_transitioned",
        entity=entity,
        record=record,
        from_state=from_state,
        to_state=to_state,
        actor_id=actor_id,
        note=note,
    )
    _finish(commit)
    return record


@_abort_on_error
def add_note(
    entity: str | EntityType, record: Any, text: str, actor_id: int | None, *, commit: bool = True
) -> AuditEntry:
    """Post a free-text note on ``record``'s audit trail."""
    entity = entity_type(entity)
    if not text.strip():
        raise ValidationError({"note": "write something"})
    entry = audit(entity, record, "note", text.strip(), actor_id=actor_id)
    _finish(commit)
    return entry


def lock(entity: str | EntityType, record: Any) -> None:
    """Hold ``record``'s row lock until the transaction ends, and re-read the record (and its
    children) as last committed: a concurrent change of it waits here for ours, or ours for
    it. NotFound if the record was deleted meanwhile."""
    entity = entity_type(entity)
    model = entity.model
    if not locked_rows(model, model.id == record.id):
        raise NotFound(f"{entity.key} {record.id} does not exist")
    for child in entity.children:
        db.session.expire(record, [child.attribute])


def check_unchanged(
    entity: EntityType, record: Any, seen_state: str | None, version: int | None
) -> None:
    """Refuse (``Conflict``) a change based on a record that someone else changed since: its
    state is no longer ``seen_state``, or its version is no longer ``version``. Call it with
    the record locked."""
    if version is not None:
        now = version_of(entity.key, record.id)
        if now != version:
            changed = changes_since(entity.key, record.id, version) if now > version else {}
            names = ", ".join(changed) or "unknown fields"
            raise Conflict(
                f"{entity.title_of(record)} was changed by someone else since version "
                f"{version} (now {now}): {names}",
                state=getattr(record, "state", None),
                version=now,
                changed=changed,
            )
    if entity.has_states and seen_state is not None and record.state != seen_state:
        raise moved_on(entity, record, seen_state)


def moved_on(entity: EntityType, record: Any, seen_state: str) -> Conflict:
    """The refusal of a change to a record whose state someone else changed first (from
    ``seen_state``, the state the change was based on)."""
    return Conflict(
        f"{entity.title_of(record)} has already moved on (now {record.state})",
        state=record.state,
        version=version_of(entity.key, record.id),
        changed={"state": [seen_state, record.state]},
    )


def _assign(entity: EntityType, record: Any, name: str, value: Any) -> None:
    """Set a field, or replace a child list with new rows built from their values."""
    child = entity.child(name)
    if child is None:
        setattr(record, entity.field(name).attr, value)
        return
    rows = []
    for values in value:
        row = child.model()
        for key, item in values.items():
            setattr(row, child.field(key).attr, item)
        rows.append(row)
    setattr(record, child.attribute, rows)


def _row_values(child, row: Any) -> dict[str, Any]:
    return {f.name: getattr(row, f.attr) for f in child.fields if f.editable}


def _check_business_rules(entity: EntityType, record: Any, values: dict, creating: bool) -> None:
    if entity.validate:
        errors = entity.validate(record, values, creating) or {}
        if errors:
            raise ValidationError(errors)


def jsonable(value: Any) -> Any:
    """``value`` as the audit trail stores it in ``changes``."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
