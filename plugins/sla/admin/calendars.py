"""Calendar pages: the list, and a form that checks the calendar as the import file would."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.auth import requires
from core.db import db
from plugins.sla.admin.naming import another_is_called, rename
from plugins.sla.config_document import check
from plugins.sla.config_schema import validate_calendar
from plugins.sla.config_store import goals_on, save_calendar
from plugins.sla.models import Calendar
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


def definition_from_form(form) -> dict:
    """The calendar definition (import format) an admin typed in."""

    def lines(name: str) -> list[str]:
        return [x.strip() for x in form.get(name, "").replace(",", "\n").splitlines() if x.strip()]

    return {
        "name": form.get("name", "").strip(),
        "timezone": form.get("timezone", "").strip() or "Asia/Ho_Chi_Minh",
        "country": form.get("country", "").strip().upper() or None,
        "week": {day: lines(f"week_{day}") for day in WEEKDAYS if lines(f"week_{day}")},
        "holidays": lines("holidays"),
        "workdays": lines("workdays"),
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


@bp.route("/calendars/<int:calendar_id>", methods=["GET", "POST"])
@requires("sla.admin")
def calendar_edit(calendar_id: int):
    """Edit a calendar; running clocks on it get new deadlines."""
    calendar = db.session.get(Calendar, calendar_id) or abort(404)
    return _edit(calendar)


def _edit(calendar: Calendar | None):
    values = _form_values(calendar)
    problems: list[str] = []
    if request.method == "POST":
        values = request.form.to_dict()
        definition = definition_from_form(request.form)
        problems = check(definition) or [
            p.removeprefix("calendar").lstrip(".: ")
            for p in validate_calendar(definition, "calendar")
        ]
        if not problems:
            problems = goals_on(definition, calendar.name if calendar else None)
        if not problems and another_is_called(Calendar, definition["name"], calendar):
            problems.append(_("name: another calendar is called %(name)s", name=definition["name"]))
        if not problems:
            rename(calendar, definition["name"])
            save_calendar(definition)
            db.session.commit()
            flash(_("Calendar %(name)s saved.", name=definition["name"]), "success")
            return redirect(url_for("sla.calendars"))
    return render_template(
        "sla/admin/calendar_form.html",
        calendar=calendar,
        values=values,
        problems=problems,
        days=DAY_LABELS,
    ), (422 if problems else 200)
