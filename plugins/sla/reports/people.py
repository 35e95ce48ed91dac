"""Each employee's record for a period: their clocks by outcome, their incidents by severity
and how many count against their bonus. The monthly review is one row per employee in scope.

Incidents belong to the period in which they were recorded (``created_at``) and to the
department stored on them; an incident of an excused breach is counted apart (``excused``),
not as minor, major or bonus impact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, func, not_

from core.db import db
from core.models import User
from plugins.sla.models import Incident
from plugins.sla.reports.figures import Tally, compliance_by
from plugins.sla.reports.filters import Filters
from plugins.sla.reports.scope import Scope, department_names, user_department


@dataclass
class Incidents:
    """A person's incidents of a period."""

    minor: int = 0
    major: int = 0
    excused: int = 0
    bonus_impact: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "incidents_minor": self.minor,
            "incidents_major": self.major,
            "incidents_excused": self.excused,
            "bonus_impact": self.bonus_impact,
        }


@dataclass
class Person:
    """One employee's line of the review."""

    user_id: int
    name: str
    department: str
    department_name: str
    tally: Tally = field(default_factory=Tally)
    incidents: Incidents = field(default_factory=Incidents)

    def as_dict(self) -> dict[str, Any]:
        return {
            "employee": self.user_id,
            "name": self.name,
            "department": self.department,
            **self.tally.as_dict(),
            **self.incidents.as_dict(),
        }


def incident_conditions(filters: Filters, scope: Scope) -> list:
    """The incidents of a report: recorded in the period, in scope and the chosen slices."""
    found = [
        Incident.created_at >= filters.start,
        Incident.created_at < filters.end,
        scope.clause(Incident.department),
    ]
    if filters.module:
        registry = current_app.extensions["nhip"].entities
        found.append(Incident.entity.in_([e.key for e in registry if e.module == filters.module]))
    if filters.entity:
        found.append(Incident.entity == filters.entity)
    if filters.department:
        found.append(Incident.department == filters.department)
    if filters.employee is not None:
        found.append(Incident.user_id == filters.employee)
    return found


def incidents_by_person(filters: Filters, scope: Scope) -> dict[int, Incidents]:
    """Per person (user id), their incidents of the report, in one grouped query."""
    kept = Incident.excused_at.is_(None)

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    rows = db.session.execute(
        db.select(
            Incident.user_id,
            count(and_(kept, Incident.severity == "minor")),
            count(and_(kept, Incident.severity == "major")),
            count(not_(kept)),
            count(and_(kept, Incident.bonus_impact.is_(True))),
        )
        .where(*incident_conditions(filters, scope), Incident.user_id.is_not(None))
        .group_by(Incident.user_id)
    ).all()
    return {int(uid): Incidents(*(int(v) for v in counts)) for uid, *counts in rows}


def review(filters: Filters, scope: Scope) -> list[Person]:
    """The monthly review: everyone with clocks or incidents in the report, by name."""
    clocks = {int(r.key): r.tally for r in compliance_by("employee", filters, scope) if r.key}
    incidents = incidents_by_person(filters, scope)
    ids = sorted(set(clocks) | set(incidents))
    names = dict(
        db.session.execute(db.select(User.id, User.name).where(User.id.in_(ids))).all()
        if ids
        else []
    )
    departments = department_names()
    people = []
    for uid in ids:
        code = user_department(uid) or ""
        people.append(
            Person(
                uid,
                names.get(uid, str(uid)),
                code,
                departments.get(code, code),
                clocks.get(uid, Tally()),
                incidents.get(uid, Incidents()),
            )
        )
    return sorted(people, key=lambda p: (p.name.lower(), p.user_id))


def recent_incidents(filters: Filters, scope: Scope, limit: int = 50) -> list[Incident]:
    """The report's incidents, newest first (at most ``limit``)."""
    return list(
        db.session.execute(
            db.select(Incident)
            .where(*incident_conditions(filters, scope))
            .order_by(Incident.created_at.desc(), Incident.id.desc())
            .limit(limit)
        ).scalars()
    )


def may_see_person(user_id: int, scope: Scope) -> bool:
    """Whether a viewer with ``scope`` may open ``user_id``'s report: an administrator
    always; a manager for people whose department (by the org hooks) they head."""
    return scope.everything or scope.allows(user_department(user_id))
