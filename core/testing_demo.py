"""Checks of demo data for the plugins' tests: audit trails that read as lived-in history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import select

from core import demo_time
from core.db import db
from core.models import AuditEntry


def audit_trails(prefix: str) -> dict[tuple[str, int], list[AuditEntry]]:
    """The audit entries of every record of the entity types ``<prefix>.*``, by record."""
    entries = db.session.execute(
        select(AuditEntry)
        .where(AuditEntry.entity.like(f"{prefix}.%"))
        .order_by(AuditEntry.entity, AuditEntry.record_id, AuditEntry.id)
    ).scalars()
    return {key: list(rows) for key, rows in groupby(entries, lambda e: (e.entity, e.record_id))}


def history_problems(
    prefix: str,
    models: dict,
    now: datetime,
    *,
    check_created_at: bool = True,
    created_any_time: Callable[[str, Any], bool] | None = None,
) -> list[str]:
    """What is wrong with the audit trails of the records of ``models`` (none: all good): each
    starts with its creation, runs in time order, in the demo's working hours, before ``now``,
    and (with ``check_created_at``) the record's ``created_at`` is its creation entry's time.
    ``created_any_time(key, record)`` names the records a customer made outside working hours
    (a web shop's orders): their creation may fall at any hour, their later steps may not."""
    problems = []
    trails = audit_trails(prefix)
    for key, model in models.items():
        for record in db.session.execute(select(model)).scalars():
            trail = trails.get((key, record.id), [])
            where = f"{key} {record.id}"
            if not trail or trail[0].kind != "created":
                problems.append(f"{where}: the trail does not start with its creation")
                continue
            times = [entry.at for entry in trail]
            if times != sorted(times):
                problems.append(f"{where}: out of order {times}")
            worked = times[1:] if created_any_time and created_any_time(key, record) else times
            problems += [f"{where}: {at} off work" for at in worked if not demo_time.is_working(at)]
            problems += [f"{where}: {at} after the load" for at in times if at > now]
            created_at = getattr(record, "created_at", None) if check_created_at else None
            if created_at is not None and created_at != trail[0].at:
                problems.append(f"{where}: created_at {created_at} != {trail[0].at}")
    return problems
