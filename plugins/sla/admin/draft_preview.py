"""A draft against real records: for the latest records of its type that the admin may read,
whether the draft's conditions hold, which policy applies today and which would once the draft
is published (the policies of the type tried in order, the draft in its policy's place), and
the deadlines its targets would give if their clocks started now. Nothing is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.db import db, utcnow
from core.entities import EntityType
from plugins.sla.admin.preview import LATEST
from plugins.sla.calendars import work_calendar
from plugins.sla.conditions import matches
from plugins.sla.matching import field_specs, matching_version, policies_of, reader
from plugins.sla.models import Calendar, PolicyDraft
from plugins.sla.readable import visible_ids


@dataclass
class RecordPreview:
    """One record: its title, the policy applying now, the one applying with the draft, and
    the draft's deadlines when the draft is that one."""

    id: int
    title: str
    state: str | None
    matches: bool
    now_policy: str | None
    draft_policy: str | None
    deadlines: list[tuple[str, datetime]] = field(default_factory=list)


def _conditions_hold(condition: Any, read, specs) -> bool:
    try:
        return matches(condition or {}, read, specs)
    except Exception:  # noqa: BLE001 - a record the conditions cannot compare is not matched
        return False


def preview(draft: PolicyDraft, entity: EntityType, user: Any) -> list[RecordPreview]:
    """The draft against the latest ``LATEST`` records of ``entity`` that ``user`` may read."""
    definition = draft.definition
    specs = field_specs(entity)
    now = utcnow()
    calendars = {c.name: c for c in db.session.execute(db.select(Calendar)).scalars()}
    others = [p for p in policies_of(entity.key) if p.id != draft.policy_id]
    records = db.session.execute(
        db.select(entity.model)
        .where(entity.model.id.in_(visible_ids(entity, user)))
        .order_by(entity.model.id.desc())
        .limit(LATEST)
    ).scalars()
    out = []
    for record in records:
        read = reader(entity, record)
        holds = _conditions_hold(definition.get("conditions"), read, specs)
        current = matching_version(entity, record)
        with_draft = _with_draft(definition, draft, others, holds, read, specs)
        row = RecordPreview(
            record.id,
            entity.title_of(record),
            getattr(record, "state", None) if entity.has_states else None,
            holds,
            current.policy.name if current is not None and current.policy else None,
            with_draft,
        )
        if with_draft == definition["name"]:
            row.deadlines = _deadlines(definition, calendars, now)
        out.append(row)
    return out


def _with_draft(definition: dict, draft: PolicyDraft, others: list, holds: bool, read, specs):
    """The name of the policy that would apply once the draft is published."""
    mine = (definition.get("order", 100), draft.policy_id or 2**62, definition["name"])
    candidates = [(p.order, p.id, p.name, p) for p in others if p.current_version is not None]
    if definition.get("active", True):
        candidates.append((*mine, None))
    for _order, _id, name, policy in sorted(candidates, key=lambda c: (c[0], c[1])):
        if policy is None:
            if holds:
                return name
            continue
        if _conditions_hold(policy.current_version.conditions, read, specs):
            return name
    return None


def _deadlines(definition: dict, calendars: dict, now: datetime) -> list[tuple[str, datetime]]:
    out = []
    for target in definition["targets"]:
        calendar = calendars.get(target.get("calendar") or definition["calendar"])
        if calendar is not None:
            out.append((target["name"], work_calendar(calendar).add(now, target["minutes"])))
    return out
