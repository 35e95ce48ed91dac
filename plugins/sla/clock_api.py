"""``/api/v1/sla/clocks``: a record's SLA clocks as JSON (``?entity=&record_id=``), one clock
(``/<id>``), excusing its breach and withdrawing the excuse (``sla.excuse``).

As the record routes do, the permission is checked first (403), then the record: a clock of a
record the caller may not read answers 404 in the same words as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request
from flask_login import current_user

from core.api.answers import answer
from core.api.payload import object_body
from core.api.plugin_operations import api_operation
from core.auth import requires
from core.db import db
from core.errors import NotFound, ValidationError
from plugins.sla import excuses
from plugins.sla.models import Clock
from plugins.sla.models.clock import EXCUSE_CAUSES
from plugins.sla.panel import names_of
from plugins.sla.readable import visible_record

bp = Blueprint("sla_api", __name__, url_prefix="/api/v1/sla")

TAG = "sla"
MAX_ID = 2_147_483_647
CLOCK_ID = {
    "name": "clock_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
    "description": "The clock's id",
}
EXCUSE = {
    "type": ["object", "null"],
    "description": "The excuse of a breach caused from outside, or null",
    "properties": {
        "cause": {"type": "string", "enum": list(EXCUSE_CAUSES)},
        "reason": {"type": "string"},
        "by": {"type": ["integer", "null"], "description": "The user who excused it"},
        "by_name": {"type": ["string", "null"]},
        "at": {"type": "string", "format": "date-time"},
    },
}
CLOCK = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "entity": {"type": "string"},
        "record_id": {"type": "integer"},
        "target": {"type": "string"},
        "cycle": {"type": "integer"},
        "current": {"type": "boolean"},
        "state": {
            "type": "string",
            "enum": ["running", "paused", "met", "met_late", "cancelled"],
        },
        "goal_minutes": {"type": "integer"},
        "spent_minutes": {"type": "number"},
        "started_at": {"type": "string", "format": "date-time"},
        "deadline": {"type": ["string", "null"], "format": "date-time"},
        "stopped_at": {"type": ["string", "null"], "format": "date-time"},
        "breached_at": {"type": ["string", "null"], "format": "date-time"},
        "excuse": EXCUSE,
    },
}
ERROR = {"description": "", "content": {"application/json": {"schema": {"type": "object"}}}}


def _responses(ok: str, *extra: tuple[str, str]) -> dict[str, Any]:
    found = {
        "200": {"description": ok, "content": {"application/json": {"schema": CLOCK}}},
        "401": {**ERROR, "description": "Not signed in"},
        "403": {**ERROR, "description": "Missing permission"},
        "404": {**ERROR, "description": "No such clock, or its record is not readable"},
    }
    for status, text in extra:
        found[status] = {**ERROR, "description": text}
    return found


def clock_json(clock: Clock) -> dict[str, Any]:
    """One clock as the API shows it, with its excuse (or null)."""

    def iso(value):
        return value.isoformat() if value is not None else None

    names = names_of({clock.excused_by} if clock.excused_by else set())
    return {
        "id": clock.id,
        "entity": clock.entity,
        "record_id": clock.record_id,
        "target": clock.target_name,
        "cycle": clock.cycle,
        "current": clock.current,
        "state": clock.state,
        "goal_minutes": clock.goal_minutes,
        "spent_minutes": round(clock.spent_minutes, 2),
        "started_at": iso(clock.started_at),
        "deadline": iso(clock.deadline),
        "stopped_at": iso(clock.stopped_at),
        "breached_at": iso(clock.breached_at),
        "excuse": excuses.excuse_json(clock, names),
    }


@bp.get("/clocks")
@requires("sla.read")
@api_operation(
    {
        "operationId": "sla_clocks_of_record",
        "summary": "The SLA clocks of one record (every target and cycle), with their excuses",
        "tags": [TAG],
        "parameters": [
            {
                "name": "entity",
                "in": "query",
                "required": True,
                "schema": {"type": "string"},
                "description": "The record type, such as orders.sales_order",
            },
            {
                "name": "record_id",
                "in": "query",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
                "description": "The record's id",
            },
        ],
        "responses": {
            "200": {
                "description": "The record's clocks, current first",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"items": {"type": "array", "items": CLOCK}},
                        }
                    }
                },
            },
            "422": {**ERROR, "description": "A parameter is missing or wrong (named)"},
            "403": {**ERROR, "description": "Missing permission"},
            "404": {**ERROR, "description": "No such record, or not readable"},
        },
    }
)
def clocks_of_record():
    """The clocks of a record the caller may read: ``?entity=...&record_id=...``."""
    key = request.args.get("entity", "")
    raw = request.args.get("record_id", "")
    if not key:
        raise ValidationError({"entity": "required"}, "invalid parameters")
    if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise ValidationError({"record_id": "a whole number from 1"}, "invalid parameters")
    registry = current_app.extensions["nhip"].entities
    entity = registry.get(key) if key in registry else None
    if entity is None or visible_record(entity, int(raw), current_user) is None:
        raise NotFound(f"{key} {raw} does not exist")
    rows = db.session.execute(
        db.select(Clock)
        .where(Clock.entity == key, Clock.record_id == int(raw))
        .order_by(Clock.current.desc(), Clock.cycle.desc(), Clock.id)
    ).scalars()
    return answer({"items": [clock_json(clock) for clock in rows]})


@bp.get("/clocks/<int:clock_id>")
@requires("sla.read")
@api_operation(
    {
        "operationId": "sla_clock",
        "summary": "One SLA clock, with its excuse",
        "tags": [TAG],
        "parameters": [CLOCK_ID],
        "responses": _responses("The clock"),
    }
)
def get_clock(clock_id: int):
    """One clock of a record the caller may read."""
    excuses.readable_clock(clock_id, current_user)
    return answer(clock_json(db.session.get(Clock, clock_id)))


@bp.post("/clocks/<int:clock_id>/excuse")
@requires(excuses.PERMISSION)
@api_operation(
    {
        "operationId": "sla_clock_excuse",
        "summary": "Excuse the breach of an SLA clock (needs sla.excuse)",
        "description": "Only a breached clock can be excused, once; `reason` is required when "
        "`cause` is `other`. The incidents of that breach are marked excused.",
        "tags": [TAG],
        "parameters": [CLOCK_ID],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["cause"],
                        "properties": {
                            "cause": {"type": "string", "enum": list(EXCUSE_CAUSES)},
                            "reason": {"type": "string", "maxLength": excuses.MAX_REASON},
                        },
                    }
                }
            },
        },
        "responses": _responses(
            "The excused clock",
            ("409", "Not breached, or excused already"),
            ("422", "A field is wrong (`fields` names it)"),
        ),
    }
)
def excuse_clock(clock_id: int):
    """Excuse a breach: ``{"cause": ..., "reason": ...}``."""
    body = object_body()
    unknown = sorted(set(body) - {"cause", "reason"})
    if unknown:
        raise ValidationError({name: "unknown field" for name in unknown})
    clock = excuses.excuse(clock_id, body.get("cause"), body.get("reason"), current_user)
    db.session.commit()
    return answer(clock_json(clock))


@bp.delete("/clocks/<int:clock_id>/excuse")
@requires(excuses.PERMISSION)
@api_operation(
    {
        "operationId": "sla_clock_withdraw_excuse",
        "summary": "Withdraw the excuse of an SLA clock's breach (needs sla.excuse)",
        "tags": [TAG],
        "parameters": [CLOCK_ID],
        "responses": _responses("The clock, counted as breached again", ("409", "Not excused")),
    }
)
def withdraw_clock_excuse(clock_id: int):
    """Withdraw the excuse: the breach counts again."""
    clock = excuses.withdraw(clock_id, current_user)
    db.session.commit()
    return answer(clock_json(clock))
