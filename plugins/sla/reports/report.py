"""One report request, read once and answered as a page, a CSV file or JSON alike: the same
functions make the figures for all three, so that they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_login import current_user
from sqlalchemy import and_
from werkzeug.exceptions import Forbidden

from plugins.sla.dashboard import deadline_counts
from plugins.sla.reports.figures import DIMENSIONS, slice_conditions
from plugins.sla.reports.filters import Filters, read_filters
from plugins.sla.reports.scope import Scope, report_scope


class BadFilters(Exception):
    """The request's filters are invalid: ``errors`` has a message per field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


def read_request(args: Any, default_month_offset: int = 0) -> tuple[Filters, Scope]:
    """The filters and the viewer's scope. ``BadFilters`` for invalid values; ``Forbidden``
    for a department outside the viewer's scope (asking for it is refused, not emptied)."""
    scope = report_scope(current_user)
    filters, errors = read_filters(args, default_month_offset)
    if filters is None:
        raise BadFilters(errors)
    if filters.department and not scope.allows(filters.department):
        raise Forbidden("that department is not yours to report on")
    return filters, scope


def read_dimension(args: Any, default: str = "department") -> str:
    """The ``by`` parameter: how the compliance table is grouped."""
    by = str(args.get("by", "") or default)
    if by not in DIMENSIONS:
        raise BadFilters({"by": "one of " + ", ".join(DIMENSIONS)})
    return by


def describe(filters: Filters) -> dict[str, Any]:
    """The period and slices of a report, as the JSON answers state them."""
    return {
        "period": {
            "kind": filters.period,
            "first_day": filters.first_day.isoformat(),
            "last_day": filters.last_day.isoformat(),
            "start": filters.start.isoformat(),
            "end": filters.end.isoformat(),
        },
        "filters": {
            "module": filters.module or None,
            "entity": filters.entity or None,
            "department": filters.department or None,
            "employee": filters.employee,
        },
    }


@dataclass
class LateNow:
    """Records of one tracked type that are breached or at risk right now."""

    entity: Any
    breached: int
    at_risk: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity.key,
            "label": str(self.entity.label_plural),
            "breached": self.breached,
            "at_risk": self.at_risk,
        }


def late_now(filters: Filters, scope: Scope) -> list[LateNow]:
    """Per tracked record type, its records with a current target breached, and those with
    one at risk, now (whatever the period; counted as the list filter ``?sla=`` counts them:
    a record may count in both)."""
    counts = deadline_counts(0, and_(*slice_conditions(filters, scope)))
    registry = current_app.extensions["nhip"].entities
    found = []
    for key in sorted(counts):
        if key not in registry:
            continue
        everyone = counts[key][1]
        if everyone:
            found.append(LateNow(registry.get(key), everyone.breached, everyone.at_risk))
    return sorted(found, key=lambda line: str(line.entity.label_plural).lower())
