"""The reports as JSON under ``/api/v1/sla/reports`` (the same filters and figures as the
pages), each operation described in the OpenAPI document (``core.api.plugin_operations``).

Bad filter values answer 400 ``{"error": ..., "fields": {field: message}}``; a department
outside the caller's scope answers 403; a caller without ``sla.reports`` 403.
"""

from __future__ import annotations

from flask import Blueprint, request
from werkzeug.exceptions import Forbidden, NotFound

from core.api.answers import answer
from core.api.openapi_common import json_content, ref, responses
from core.api.plugin_operations import api_operation
from core.auth import requires
from core.db import db
from core.models import User
from plugins.sla.reports.figures import DIMENSIONS, compliance_by, summed
from plugins.sla.reports.people import Incidents, incidents_by_person, may_see_person, review
from plugins.sla.reports.percentiles import time_to_meet
from plugins.sla.reports.report import BadFilters, describe, late_now, read_dimension, read_request
from plugins.sla.reports.scope import PERMISSION

api_bp = Blueprint("sla_reports_api", __name__, url_prefix="/api/v1/sla/reports")
TAG = "sla.reports"


@api_bp.errorhandler(BadFilters)
def bad_filters(error: BadFilters):
    """Invalid filters: 400 naming each field."""
    return answer({"error": "invalid filters", "fields": error.errors}, 400)


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


FILTERS = [
    _query(
        "period",
        {"type": "string", "enum": ["month", "week", "range"]},
        "the kind of period (default `month`)",
    ),
    _query(
        "month", {"type": "string", "pattern": r"^\d{4}-\d{2}$"}, "`YYYY-MM` (default: this month)"
    ),
    _query(
        "week",
        {"type": "string", "pattern": r"^\d{4}-W\d{2}$"},
        "an ISO week `YYYY-Www` (default: this week)",
    ),
    _query("from", {"type": "string", "format": "date"}, "first day of a `range`"),
    _query(
        "to",
        {"type": "string", "format": "date"},
        "last day of a `range` (included; at most 366 days)",
    ),
    _query("module", {"type": "string"}, "a module (plugin name), such as `orders`"),
    _query("entity", {"type": "string"}, "a record type, such as `orders.sales_order`"),
    _query("department", {"type": "string"}, "a department code (403 if not in your scope)"),
    _query("employee", {"type": "integer", "minimum": 1}, "a user id: their clocks only"),
]
NUMBER = {"type": ["number", "null"]}
COUNT = {"type": "integer", "minimum": 0}
TALLY = {
    "clocks": COUNT,
    "met": COUNT,
    "met_late": COUNT,
    "breached": COUNT,
    "excused": COUNT,
    "open": COUNT,
    "compliance": {**NUMBER, "description": "met / (met + met_late + breached), 0 to 1"},
}
HEAD = {
    "period": {"type": "object"},
    "filters": {"type": "object"},
}
BAD = {
    "400": {
        "description": "An invalid filter: a message per field",
        "content": json_content(ref("ValidationError")),
    },
    **responses(401, 403),
}


def _ok(description: str, properties: dict) -> dict:
    return {
        "200": {
            "description": description,
            "content": json_content({"type": "object", "properties": {**HEAD, **properties}}),
        },
        **BAD,
    }


def _rows(properties: dict) -> dict:
    return {"type": "array", "items": {"type": "object", "properties": properties}}


@api_bp.get("/compliance")
@requires(PERMISSION)
@api_operation(
    {
        "operationId": "sla.reports.compliance",
        "summary": "Compliance of the period, grouped",
        "tags": [TAG],
        "parameters": [
            *FILTERS,
            _query(
                "by",
                {"type": "string", "enum": list(DIMENSIONS)},
                "grouping (default `department`)",
            ),
        ],
        "responses": _ok(
            "Totals and one row per group",
            {
                "by": {"type": "string"},
                "total": {"type": "object", "properties": TALLY},
                "rows": _rows({"key": {"type": "string"}, "label": {"type": "string"}, **TALLY}),
            },
        ),
    }
)
def compliance():
    """Compliance of the period, in total and grouped by ``by``."""
    filters, scope = read_request(request.args)
    by = read_dimension(request.args)
    rows = compliance_by(by, filters, scope)
    return answer(
        {
            **describe(filters),
            "by": by,
            "total": summed(rows).as_dict(),
            "rows": [r.as_dict() for r in rows],
        }
    )


@api_bp.get("/time-to-meet")
@requires(PERMISSION)
@api_operation(
    {
        "operationId": "sla.reports.time_to_meet",
        "summary": "Working minutes used by met clocks (median, p90) beside the goal",
        "tags": [TAG],
        "parameters": FILTERS,
        "responses": _ok(
            "One row per record type, target and goal",
            {
                "rows": _rows(
                    {
                        "entity": {"type": "string"},
                        "target": {"type": "string"},
                        "label": {"type": "string"},
                        "goal_minutes": COUNT,
                        "met": COUNT,
                        "median_minutes": NUMBER,
                        "p90_minutes": NUMBER,
                    }
                )
            },
        ),
    }
)
def time_to_meet_api():
    """Median and p90 working minutes used by met clocks, per target and goal."""
    filters, scope = read_request(request.args)
    return answer(
        {**describe(filters), "rows": [t.as_dict() for t in time_to_meet(filters, scope)]}
    )


@api_bp.get("/now")
@requires(PERMISSION)
@api_operation(
    {
        "operationId": "sla.reports.now",
        "summary": "Records breached or at risk right now, per record type",
        "tags": [TAG],
        "parameters": FILTERS,
        "responses": _ok(
            "One row per tracked record type with late records (the period is not used)",
            {
                "rows": _rows(
                    {
                        "entity": {"type": "string"},
                        "label": {"type": "string"},
                        "breached": COUNT,
                        "at_risk": COUNT,
                    }
                )
            },
        ),
    }
)
def now():
    """Records with a target breached, or at risk, now (a record may count in both)."""
    filters, scope = read_request(request.args)
    return answer({**describe(filters), "rows": [n.as_dict() for n in late_now(filters, scope)]})


PERSON = {
    "employee": {"type": "integer"},
    "name": {"type": "string"},
    "department": {"type": "string"},
    **TALLY,
    "incidents_minor": COUNT,
    "incidents_major": COUNT,
    "incidents_excused": COUNT,
    "bonus_impact": COUNT,
}


@api_bp.get("/employees")
@requires(PERMISSION)
@api_operation(
    {
        "operationId": "sla.reports.employees",
        "summary": "The review: one row per employee with clocks or incidents in the period",
        "tags": [TAG],
        "parameters": FILTERS,
        "responses": _ok("One row per employee", {"rows": _rows(PERSON)}),
    }
)
def employees():
    """The review of the period (this month unless asked): a row per employee."""
    filters, scope = read_request(request.args)
    return answer({**describe(filters), "rows": [p.as_dict() for p in review(filters, scope)]})


@api_bp.get("/employees/<int:user_id>")
@requires(PERMISSION)
@api_operation(
    {
        "operationId": "sla.reports.employee",
        "summary": "One employee's clocks and incidents of the period",
        "tags": [TAG],
        "parameters": [
            {
                "name": "user_id",
                "in": "path",
                "required": True,
                "schema": {"type": "integer", "minimum": 1},
            },
            *[p for p in FILTERS if p["name"] != "employee"],
        ],
        "responses": {
            **_ok(
                "Totals, incidents and one row per target",
                {
                    "employee": {"type": "integer"},
                    "name": {"type": "string"},
                    "total": {"type": "object", "properties": TALLY},
                    "incidents": {"type": "object"},
                    "rows": _rows(
                        {"key": {"type": "string"}, "label": {"type": "string"}, **TALLY}
                    ),
                },
            ),
            **responses(404),
        },
    }
)
def employee(user_id: int):
    """One employee's figures (403 for someone outside the caller's departments)."""
    person = db.session.get(User, user_id)
    if person is None:
        raise NotFound("no such user")
    filters, scope = read_request(request.args)
    if not may_see_person(user_id, scope):
        raise Forbidden("that employee is not in your departments")
    filters.employee = user_id
    incidents = incidents_by_person(filters, scope).get(user_id, Incidents())
    rows = compliance_by("target", filters, scope)
    return answer(
        {
            **describe(filters),
            "employee": user_id,
            "name": person.name,
            "total": summed(rows).as_dict(),
            "incidents": incidents.as_dict(),
            "rows": [r.as_dict() for r in rows],
        }
    )
