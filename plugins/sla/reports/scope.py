"""Who sees which part of the reports.

An SLA administrator (``sla.admin``, and the ``admin`` role, which holds everything) sees
every department. Anyone else with ``sla.reports`` (managers) sees the departments they head,
found through the host's org hooks (``departments_headed(user_id)``, else
``department_head(code)`` for every department of ``departments()``): no import of the plugin
that keeps the organisation. Clocks and incidents count for a department by the
department stored on them when they were made (``responsible_department`` of the clock, the
incident's ``department``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g
from sqlalchemy import ColumnElement, false, true

from core.auth import has_permission

PERMISSION = "sla.reports"


@dataclass(frozen=True)
class Scope:
    """What a viewer may see: every department (``everything``) or those in ``departments``."""

    everything: bool
    departments: frozenset[str]

    def allows(self, department: str | None) -> bool:
        """Whether figures of ``department`` may be shown."""
        return self.everything or (department is not None and department in self.departments)

    def clause(self, column: Any) -> ColumnElement[bool]:
        """A condition keeping the rows whose department ``column`` is in scope."""
        if self.everything:
            return true()
        if not self.departments:
            return false()
        return column.in_(sorted(self.departments))


def department_names() -> dict[str, str]:
    """Every department the org hooks know, ``{code: name}`` (cached on the request)."""
    if "sla_department_names" not in g:
        names: dict[str, str] = {}
        for pairs in current_app.extensions["nhip"].hook.departments():
            for code, name in pairs or []:
                names.setdefault(str(code), str(name))
        g.sla_department_names = names
    return g.sla_department_names


def report_scope(user: Any) -> Scope:
    """The scope of ``user``; an empty one for someone without ``sla.reports`` (the
    departments a manager heads are asked once a request)."""
    if user is None or not has_permission(PERMISSION, user):
        return Scope(False, frozenset())
    if has_permission("sla.admin", user):
        return Scope(True, frozenset())
    cache = g.setdefault("sla_report_scopes", {})
    if user.id not in cache:
        from plugins.sla.team import headed_departments

        cache[user.id] = Scope(False, frozenset(headed_departments(user.id)))
    return cache[user.id]


def user_department(user_id: int) -> str | None:
    """The department of ``user_id`` through the org hooks (cached on the request)."""
    cache = g.setdefault("sla_user_departments", {})
    if user_id not in cache:
        cache[user_id] = current_app.extensions["nhip"].hook.user_department(user_id=user_id)
    return cache[user_id]
