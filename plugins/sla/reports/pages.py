"""The report pages (``/sla/reports``), their CSV files and their charts.

Every route needs ``sla.reports`` and shows only the viewer's scope (``scope``). Bad filters
show the form with the message beside the field (answered 400); a department outside the
viewer's scope is refused (403).
"""

from __future__ import annotations

from flask import Response, render_template, request, url_for
from flask_babel import format_percent
from flask_login import current_user
from werkzeug.exceptions import Forbidden, NotFound

from core.auth import requires
from core.db import db
from core.models import User
from core.ui.dates import date_text
from core.ui.links import list_url
from plugins.sla.reports import charts
from plugins.sla.reports.export import csv_response
from plugins.sla.reports.figures import (
    DIMENSIONS,
    OUTCOMES,
    compliance_by,
    module_label,
    summed,
)
from plugins.sla.reports.filters import Filters
from plugins.sla.reports.people import (
    Incidents,
    incidents_by_person,
    may_see_person,
    recent_incidents,
    review,
)
from plugins.sla.reports.percentiles import time_to_meet
from plugins.sla.reports.report import BadFilters, late_now, read_dimension, read_request
from plugins.sla.reports.scope import PERMISSION, department_names, report_scope
from plugins.sla.switches import trackable_types
from plugins.sla.views import bp

TALLY_COLUMNS = ["key", "label", "clocks", *OUTCOMES, "compliance"]
TIME_COLUMNS = ["entity", "target", "label", "goal_minutes", "met", "median_minutes", "p90_minutes"]
NOW_COLUMNS = ["entity", "label", "breached", "at_risk"]
REVIEW_COLUMNS = [
    "employee",
    "name",
    "department",
    "clocks",
    *OUTCOMES,
    "compliance",
    "incidents_minor",
    "incidents_major",
    "incidents_excused",
    "bonus_impact",
]
FORM_FIELDS = ("period", "month", "week", "from", "to", "module", "entity", "department")
FORM_FIELDS += ("employee", "by")
#: the monthly review defaults to last month (the one being reviewed)
LAST_MONTH = -1


@bp.app_template_filter("sla_percent")
def sla_percent(value: float | None) -> str:
    """A compliance fraction as a percent in the viewer's language; a dash when none."""
    return "—" if value is None else format_percent(value, "#,##0.0%")


@bp.app_template_filter("sla_day")
def sla_day(value) -> str:
    """A day (a period's first or last) in the viewer's language: "01/11/2026"."""
    return date_text(value)


def _form_context(args, errors: dict) -> dict:
    """What the filters form needs: the choices in the viewer's scope and the values sent."""
    scope = report_scope(current_user)
    departments = department_names()
    types = trackable_types()
    modules = sorted({e.module for e in types})
    return {
        "errors": errors,
        "values": {k: str(args.get(k, "")) for k in FORM_FIELDS},
        "modules": [(m, module_label(m)) for m in modules],
        "entities": [(e.key, str(e.label_plural)) for e in types],
        "departments": [(c, n) for c, n in departments.items() if scope.allows(c)],
        "dimensions": DIMENSIONS,
        "scope": scope,
    }


def _refused(template: str, error: BadFilters):
    """The page with its form showing what is wrong (400)."""
    return render_template(template, **_form_context(request.args, error.errors)), 400


@bp.get("/reports")
@requires(PERMISSION)
def reports():
    """Compliance of the period: totals, charts, one breakdown table, time to meet, and what
    is late right now."""
    try:
        filters, scope = read_request(request.args)
        by = read_dimension(request.args)
    except BadFilters as error:
        return _refused("sla/reports/index.html", error)
    context = _form_context(request.args, {})
    rows = compliance_by(by, filters, scope)
    context.update(
        filters=filters,
        by=by,
        total=summed(rows),
        rows=rows,
        times=time_to_meet(filters, scope),
        late=late_now(filters, scope),
        list_url=list_url,
        employees=_employee_choices(filters, scope, rows if by == "employee" else None),
        employee_link=lambda row: url_for(
            "sla.employee_page", user_id=int(row.key), **filters.query(by=None, employee=None)
        ),
    )
    return render_template("sla/reports/index.html", **context)


def _employee_choices(filters, scope, rows=None) -> list[tuple[int, str]]:
    """People responsible for clocks in the viewer's scope and period (for the form); the
    rows by employee when the page has them already (and no one is chosen)."""
    if rows is None or filters.employee is not None:
        wider = Filters(
            filters.period, filters.start, filters.end, filters.first_day, filters.last_day
        )
        rows = compliance_by("employee", wider, scope)
    return [(int(r.key), r.label) for r in rows if r.key]


@bp.get("/reports/review")
@requires(PERMISSION)
def review_page():
    """The monthly review: one row per employee, for rewards and penalties."""
    try:
        filters, scope = read_request(request.args, LAST_MONTH)
    except BadFilters as error:
        return _refused("sla/reports/review.html", error)
    context = _form_context(request.args, {})
    context.update(filters=filters, people=review(filters, scope))
    return render_template("sla/reports/review.html", **context)


@bp.get("/reports/employees/<int:user_id>")
@requires(PERMISSION)
def employee_page(user_id: int):
    """One employee's clocks by outcome and incidents for the period."""
    person = db.session.get(User, user_id)
    if person is None:
        raise NotFound()
    try:
        filters, scope = read_request(request.args)
    except BadFilters as error:
        context = _form_context(request.args, error.errors)
        return render_template("sla/reports/employee.html", person=person, **context), 400
    if not may_see_person(user_id, scope):
        raise Forbidden("that employee is not in your departments")
    filters.employee = user_id
    filters.raw["employee"] = str(user_id)
    context = _form_context(request.args, {})
    context.update(_employee_figures(filters, scope), person=person, filters=filters)
    return render_template("sla/reports/employee.html", **context)


def _employee_figures(filters, scope) -> dict:
    """What the employee page shows."""
    incidents = incidents_by_person(filters, scope)
    rows = compliance_by("target", filters, scope)
    return {
        "total": summed(rows),
        "rows": rows,
        "incidents": incidents.get(filters.employee, Incidents()),
        "recent": recent_incidents(filters, scope),
    }


@bp.get("/reports/<any(compliance, 'time-to-meet', now, review):table>.csv")
@requires(PERMISSION)
def report_csv(table: str):
    """A table of the reports as CSV (the same filters as the pages)."""
    try:
        filters, scope = read_request(request.args, LAST_MONTH if table == "review" else 0)
        by = read_dimension(request.args)
    except BadFilters as error:
        return _bad_csv(error)
    name = f"sla-{table}-{filters.first_day.isoformat()}"
    if table == "compliance":
        rows = [r.as_dict() for r in compliance_by(by, filters, scope)]
        return csv_response(f"{name}-by-{by}", TALLY_COLUMNS, rows)
    if table == "time-to-meet":
        return csv_response(name, TIME_COLUMNS, [t.as_dict() for t in time_to_meet(filters, scope)])
    if table == "now":
        return csv_response(name, NOW_COLUMNS, [n.as_dict() for n in late_now(filters, scope)])
    return csv_response(name, REVIEW_COLUMNS, [p.as_dict() for p in review(filters, scope)])


@bp.get("/reports/employees/<int:user_id>.csv")
@requires(PERMISSION)
def employee_csv(user_id: int):
    """One employee's figures by target, as CSV."""
    if db.session.get(User, user_id) is None:
        raise NotFound()
    try:
        filters, scope = read_request(request.args)
    except BadFilters as error:
        return _bad_csv(error)
    if not may_see_person(user_id, scope):
        raise Forbidden("that employee is not in your departments")
    filters.employee = user_id
    rows = [r.as_dict() for r in compliance_by("target", filters, scope)]
    return csv_response(
        f"sla-employee-{user_id}-{filters.first_day.isoformat()}", TALLY_COLUMNS, rows
    )


def _bad_csv(error: BadFilters):
    text = "; ".join(f"{k}: {v}" for k, v in error.errors.items())
    return Response(text + "\n", status=400, mimetype="text/plain")


@bp.get("/reports/charts/<any(trend, departments, breaches):name>.svg")
@requires(PERMISSION)
def chart(name: str):
    """A chart of the reports as SVG (the same filters and scope as the pages)."""
    try:
        filters, scope = read_request(request.args)
    except BadFilters as error:
        return _bad_csv(error)
    if name == "trend":
        svg = charts.trend(compliance_by("week", filters, scope))
    elif name == "departments":
        svg = charts.departments(compliance_by("department", filters, scope))
    else:
        svg = charts.breaches(compliance_by("target", filters, scope))
    return Response(svg, mimetype="image/svg+xml")


def chart_url(name: str, filters) -> str:
    """The address of a chart for the same filters."""
    return url_for("sla.chart", name=name, **filters.query())


bp.add_app_template_global(chart_url, "sla_chart_url")
