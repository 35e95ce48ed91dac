"""The preview: for a record, which policy applies and what its deadlines would be.

A plain two-step GET form: choose a record type, then one of its latest records by title
(``?entity=KEY&record_id=ID`` also works as a link). Only the types the viewer may read and
the records in their scope are offered or previewed (``plugins.sla.readable``): a record they
may not read answers as one that does not exist, so that which policy matches never tells
them anything about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template, request
from flask_login import current_user

from core.auth import requires
from core.db import db, utcnow
from core.entities import EntityType
from plugins.sla.calendars import work_calendar
from plugins.sla.labels import state_label, status_label
from plugins.sla.matching import matching_version
from plugins.sla.models import Clock, Target
from plugins.sla.readable import may_read, visible_ids, visible_record
from plugins.sla.status import clock_status
from plugins.sla.switches import is_tracked, trackable_type, trackable_types
from plugins.sla.views import bp

#: how many of a type's latest records the record list offers
LATEST = 50


@dataclass
class Forecast:
    """A target of the matching policy and its deadline if its clock started now."""

    target: Target
    deadline: datetime
    calendar: str


@dataclass
class RecordChoice:
    """One record the admin may pick: its id and how the list names it."""

    id: int
    text: str


@bp.get("/preview")
@requires("sla.admin")
def preview():
    """Pick a record type, then a record; see the policy that applies and its deadlines."""
    key = request.args.get("entity", "")
    raw_id = request.args.get("record_id", "").strip()
    listed_for = request.args.get("listed")
    if listed_for is not None and listed_for != key:
        raw_id = ""  # the type was changed in the form: its records are to be picked again
    user = current_user._get_current_object()
    entity = trackable_type(key)
    if entity is not None and not may_read(entity, user):
        entity = None
    context: dict = {
        "entities": [e for e in trackable_types() if may_read(e, user)],
        "key": key if entity else "",
        "record_id": raw_id,
        "problem": "",
        "choices": [],
    }
    if entity is None:
        return render_template("sla/admin/preview.html", **context)
    record = None
    if raw_id:
        record = _record(entity, raw_id, user)
        if record is None:
            context["problem"] = "not_found"
    context["choices"] = latest_records(entity, user, record)
    if record is not None:
        context.update(_forecast(entity, record))
    return render_template("sla/admin/preview.html", **context)


def _record(entity: EntityType, raw_id: str, user: Any) -> Any | None:
    """The record the form names, if it exists and ``user`` may read it."""
    try:
        record_id = int(raw_id)
    except ValueError:
        return None
    if not 0 < record_id < 2**63:
        return None
    return visible_record(entity, record_id, user)


def latest_records(entity: EntityType, user: Any, picked: Any = None) -> list[RecordChoice]:
    """The latest ``LATEST`` records of ``entity`` that ``user`` may read, newest first, named
    by title (and state); ``picked`` is added when it is older than those."""
    rows = list(
        db.session.execute(
            db.select(entity.model)
            .where(entity.model.id.in_(visible_ids(entity, user)))
            .order_by(entity.model.id.desc())
            .limit(LATEST)
        ).scalars()
    )
    if picked is not None and all(r.id != picked.id for r in rows):
        rows.insert(0, picked)
    return [RecordChoice(r.id, _choice_text(entity, r)) for r in rows]


def _choice_text(entity: EntityType, record: Any) -> str:
    title = entity.title_of(record)
    state = getattr(record, "state", None) if entity.has_states else None
    return f"{title} — {state_label(entity, state)}" if state else title


def _forecast(entity, record) -> dict:
    now = utcnow()
    version = matching_version(entity, record)
    forecasts = []
    if version is not None:
        for target in version.targets:
            calendar = target.calendar or version.calendar
            deadline = work_calendar(calendar).add(now, target.minutes)
            forecasts.append(Forecast(target, deadline, calendar.name))
    clocks = (
        db.session.execute(
            db.select(Clock)
            .where(
                Clock.entity == entity.key, Clock.record_id == record.id, Clock.current.is_(True)
            )
            .order_by(Clock.id)
        )
        .scalars()
        .all()
    )
    statuses = {
        c.id: status_label(clock_status(c.state, now, c.deadline, c.warn_at)) for c in clocks
    }
    return {
        "entity": entity,
        "record": record,
        "title": entity.title_of(record),
        "version": version,
        "forecasts": forecasts,
        "clocks": clocks,
        "statuses": statuses,
        "tracked": is_tracked(entity.key),
        "now": now,
    }
