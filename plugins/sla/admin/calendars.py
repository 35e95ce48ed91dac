"""Calendar pages: the list, a calendar's page (its hours, the coming year's public holidays,
make-up days and company days, the policies that use it), and a form that lists every problem
at once beside its input before checking the calendar as the import file would."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.auth import requires
from core.db import db, utcnow
from core.ui.dates import language, local
from plugins.sla.admin.calendar_checks import WEEK, field_problems, lines
from plugins.sla.admin.naming import another_is_called, rename
from plugins.sla.calendar_days import (
    COMPANY_DAY_OFF,
    COMPANY_WORKDAY,
    MAKEUP_DAY,
    PUBLIC_HOLIDAY,
    coming_days,
)
from plugins.sla.config_document import check
from plugins.sla.config_schema import validate_calendar
from plugins.sla.config_store import goals_on, save_calendar
from plugins.sla.models import Calendar, Policy
from plugins.sla.models.calendar import WEEKDAYS
from plugins.sla.views import bp

DAY_LABELS = dict(
    zip(
        WEEKDAYS,
        (
            _l("Monday"),
            _l("Tuesday"),
            _l("Wednesday"),
            _l("Thursday"),
            _l("Friday"),
            _l("Saturday"),
            _l("Sunday"),
        ),
        strict=True,
    )
)


#: what each kind of coming day is called on the calendar's page
DAY_KINDS = {
    PUBLIC_HOLIDAY: _l("Public holiday"),
    MAKEUP_DAY: _l("Official make-up working day"),
    COMPANY_DAY_OFF: _l("Company day off"),
    COMPANY_WORKDAY: _l("Extra working day"),
}


def definition_from_form(form) -> dict:
    """The calendar definition (import format) an admin typed in."""
    return {
        "name": form.get("name", "").strip(),
        "timezone": form.get("timezone", "").strip() or "Asia/Ho_Chi_Minh",
        "country": form.get("country", "").strip().upper() or None,
        "week": {day: lines(form, f"week_{day}") for day in WEEKDAYS if lines(form, f"week_{day}")},
        "holidays": lines(form, "holidays"),
        "workdays": lines(form, "workdays"),
    }


def field_labels() -> dict[str, str]:
    """The label of each input of the form, for the list of problems above it."""
    return {
        "name": _("Name"),
        "timezone": _("Time zone"),
        "country": _("Public holidays of (country code)"),
        WEEK: _("Working hours"),
        **{f"week_{day}": str(label) for day, label in DAY_LABELS.items()},
        "holidays": _("Company days off"),
        "workdays": _("Extra working days"),
    }


def _form_values(calendar: Calendar | None) -> dict:
    if calendar is None:
        return {
            "timezone": "Asia/Ho_Chi_Minh",
            "country": "VN",
            **{f"week_{d}": "08:00-12:00, 13:30-17:30" for d in WEEKDAYS[:5]},
        }
    values = {
        "name": calendar.name,
        "timezone": calendar.timezone,
        "country": calendar.country or "",
        "holidays": "\n".join(calendar.holidays or []),
        "workdays": "\n".join(calendar.workdays or []),
    }
    for day in WEEKDAYS:
        values[f"week_{day}"] = ", ".join((calendar.week or {}).get(day, []))
    return values


def policies_using(calendar: Calendar) -> list[Policy]:
    """The policies whose current version counts time on ``calendar`` (as its calendar or a
    target's), by name."""
    used = []
    for policy in db.session.execute(db.select(Policy).order_by(Policy.name)).scalars():
        version = policy.current_version
        if version is not None and (
            version.calendar_id == calendar.id
            or any(t.calendar_id == calendar.id for t in version.targets)
        ):
            used.append(policy)
    return used


@bp.get("/calendars")
@requires("sla.admin")
def calendars():
    """Every calendar with its hours."""
    rows = db.session.execute(db.select(Calendar).order_by(Calendar.name)).scalars().all()
    return render_template("sla/admin/calendars.html", calendars=rows, days=DAY_LABELS)


@bp.route("/calendars/new", methods=["GET", "POST"])
@requires("sla.admin")
def calendar_new():
    """Create a calendar."""
    return _edit(None)


@bp.get("/calendars/<int:calendar_id>")
@requires("sla.admin")
def calendar_view(calendar_id: int):
    """A calendar: its zone and weekly hours, the coming year's days whose hours differ (public
    holidays, make-up days, the company's own days), and the policies that use it."""
    calendar = db.session.get(Calendar, calendar_id) or abort(404)
    today = local(utcnow(), calendar.timezone).date()
    return render_template(
        "sla/admin/calendar.html",
        calendar=calendar,
        days=DAY_LABELS,
        coming=coming_days(calendar, today, language()),
        kinds=DAY_KINDS,
        weekdays=WEEKDAYS,
        policies=policies_using(calendar),
    )


@bp.route("/calendars/<int:calendar_id>/edit", methods=["GET", "POST"])
@requires("sla.admin")
def calendar_edit(calendar_id: int):
    """Edit a calendar; running clocks on it get new deadlines."""
    calendar = db.session.get(Calendar, calendar_id) or abort(404)
    return _edit(calendar)


def _edit(calendar: Calendar | None):
    values = _form_values(calendar)
    errors: dict[str, list[str]] = {}
    problems: list[str] = []
    if request.method == "POST":
        values = request.form.to_dict()
        errors = field_problems(request.form)
        definition = definition_from_form(request.form)
        if not errors and another_is_called(Calendar, definition["name"], calendar):
            errors["name"] = [_("Another calendar is called %(name)s.", name=definition["name"])]
        if not errors:
            problems = check(definition) or [
                p.removeprefix("calendar").lstrip(".: ")
                for p in validate_calendar(definition, "calendar")
            ]
        if not errors and not problems:
            problems = goals_on(definition, calendar.name if calendar else None)
        if not errors and not problems:
            rename(calendar, definition["name"])
            save_calendar(definition)
            db.session.commit()
            flash(_("Calendar %(name)s saved.", name=definition["name"]), "success")
            saved = db.session.execute(
                db.select(Calendar).where(Calendar.name == definition["name"])
            ).scalar_one()
            return redirect(url_for("sla.calendar_view", calendar_id=saved.id))
    failing = bool(errors or problems)
    return render_template(
        "sla/admin/calendar_form.html",
        calendar=calendar,
        values=values,
        errors=errors,
        problems=problems,
        labels=field_labels(),
        days=DAY_LABELS,
    ), (422 if failing else 200)
