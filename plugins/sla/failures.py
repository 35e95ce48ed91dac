"""Policies that fail while a record changes: logged, marked on the policy, and skipped.

SLA's hook work runs inside the record's transaction. A policy that raises there (its calendar
cannot give a deadline, a condition cannot be compared) must not abort the record's own change:
its work is done in a savepoint that is rolled back, the failure is logged with the record, and
the policy carries the problem (``Policy.problem``) for the SLA pages to show until it or its
calendar is saved again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from core.db import db, utcnow
from plugins.sla.models import Policy

log = logging.getLogger("nhip.sla")

#: a problem already noted this recently is not written again (one write, not one per record)
QUIET = timedelta(hours=1)


@dataclass
class Watch:
    """The policy whose work is under way (set by the caller as soon as it is known)."""

    policy: Policy | None = None


@contextmanager
def isolated(entity_key: str, record_id: int | None) -> Iterator[Watch]:
    """Run SLA's work for one record change in a savepoint; if it raises, undo it, log it and
    mark ``watch.policy`` (the record's change goes on)."""
    watch = Watch()
    savepoint = db.session.begin_nested()
    try:
        yield watch
    except Exception as exc:  # noqa: BLE001 - a failing policy must not abort the record's change
        savepoint.rollback()
        note(watch.policy, exc, entity_key, record_id)
    else:
        savepoint.commit()


def note(policy: Policy | None, exc: BaseException, entity_key: str, record_id: int | None) -> None:
    """Log a policy's failure on a record and mark the policy with it."""
    name = policy.name if policy is not None else "?"
    log.warning(
        "SLA policy %s failed on %s %s and was skipped: %s: %s",
        name,
        entity_key,
        record_id,
        type(exc).__name__,
        exc,
        exc_info=exc,
    )
    if policy is None:
        return
    problem = f"{type(exc).__name__}: {exc}"[:500]
    now = utcnow()
    if policy.problem == problem and policy.problem_at and now - policy.problem_at < QUIET:
        return
    policy.problem = problem
    policy.problem_at = now
    db.session.flush()


def clear(policies: list[Policy]) -> None:
    """Forget the problems of ``policies`` (they were saved again)."""
    for policy in policies:
        policy.problem = None
        policy.problem_at = None
