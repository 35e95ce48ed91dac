"""The preview: for a record, which policy applies and what its deadlines would be."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template, request

from core.auth import requires
from core.db import db, utcnow
from core.errors import NotFound
from core.records import get_record
from plugins.sla.calendars import work_calendar
from plugins.sla.matching import matching_version
from plugins.sla.models import Clock, Target
from plugins.sla.switches import is_tracked
from plugins.sla.views import bp


@dataclass
class Forecast:
    """A target of the matching policy and its deadline if its clock started now."""

    target: Target
    deadline: datetime
    calendar: str


@bp.get("/preview")
@requires("sla.admin")
def preview():
    """Pick a record type and a record; see the policy that applies and its deadlines."""
    host = current_app.extensions["nhip"]
    entities = [e for e in host.entities if e.plugin != "core"]
    key = request.args.get("entity", "")
    raw_id = request.args.get("record_id", "").strip()
    context: dict = {"entities": entities, "key": key, "record_id": raw_id, "problem": ""}
    if key and raw_id:
        try:
            entity = host.entities.get(key)
            record = get_record(entity, int(raw_id))
        except (NotFound, ValueError):
            context["problem"] = "not_found"
        else:
            context.update(_forecast(entity, record))
    return render_template("sla/admin/preview.html", **context)


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
    return {
        "entity": entity,
        "record": record,
        "title": entity.title_of(record),
        "version": version,
        "forecasts": forecasts,
        "clocks": clocks,
        "tracked": is_tracked(entity.key),
        "now": now,
    }
