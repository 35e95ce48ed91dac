""" "SLA this month" on the page of a people record (an entity type that declares
``person_user``, such as HR's employees), for viewers who may read that person's reports: their
clocks by outcome, compliance and incidents of the current month, and a link to their report.
No import of the plugin that owns the page: the registry says whose page it is."""

from __future__ import annotations

from typing import Any

from flask import render_template, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from core.auth import has_permission
from core.entities import EntityType
from core.ui.panels import Panel
from plugins.sla.reports.figures import total
from plugins.sla.reports.filters import read_filters
from plugins.sla.reports.people import Incidents, incidents_by_person, may_see_person
from plugins.sla.reports.scope import PERMISSION, report_scope


def employee_report_panel(entity: EntityType, record: Any, user: Any) -> Panel | None:
    """The panel, or None: not a people record, no login, or a viewer without the report
    permission or outside whose departments the person is."""
    if entity.person_user is None or user is None or not has_permission(PERMISSION, user):
        return None
    person = entity.person_user_of(record)
    if person is None:
        return None
    scope = report_scope(user)
    if not may_see_person(person, scope):
        return None
    filters, _errors = read_filters(MultiDict())
    filters.employee = person
    html = render_template(
        "sla/reports/panel.html",
        total=total(filters, scope),
        incidents=incidents_by_person(filters, scope).get(person, Incidents()),
        filters=filters,
        report_url=url_for("sla.employee_page", user_id=person),
    )
    return Panel(title=_l("SLA this month"), html=Markup(html), order=25, source="sla")
