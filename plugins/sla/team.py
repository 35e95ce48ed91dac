"""A manager's team, through the host's org hooks, and the home page card "Your team's
deadlines": the breached and at-risk records of the people they manage, by person, and of the
departments they head, each number linking to the list that shows exactly those records.

Who someone manages comes from ``team_members(user_id)`` and ``department_members(code)``;
which departments they head from ``departments_headed(user_id)`` (else ``departments()`` and
``department_head(code)``): SLA imports no business plugin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g, render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from core.auth import has_permission
from core.db import db
from core.models import User
from core.ui.links import list_url
from core.ui.panels import Panel
from plugins.sla.record_status import (
    Counts,
    has_responsible,
    in_departments,
    late_records,
    responsible_user_column,
)


@dataclass(frozen=True)
class Team:
    """The people ``user`` manages (user ids, not themselves) and the departments they head."""

    members: tuple[int, ...] = ()
    departments: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.members or self.departments)

    def names(self) -> dict[int, str]:
        """``{user id: name}`` of the members, by name (one query, cached on the request;
        none without members)."""
        if not self.members:
            return {}
        cache = g.setdefault("sla_team_names", {})
        if self.members not in cache:
            rows = db.session.execute(
                select(User.id, User.name).where(User.id.in_(self.members)).order_by(User.name)
            ).all()
            cache[self.members] = {user_id: name for user_id, name in rows}
        return cache[self.members]


def headed_departments(user_id: int) -> tuple[str, ...]:
    """The codes of the departments ``user_id`` heads, by code: the ``departments_headed``
    hook's answer (one query in HR), else the head of every department asked in turn."""
    from plugins.sla.reports.scope import department_names

    hook = current_app.extensions["nhip"].hook
    answer = hook.departments_headed(user_id=user_id)
    if answer is not None:
        return tuple(sorted(str(code) for code in answer))
    return tuple(
        sorted(
            code for code in department_names() if hook.department_head(department=code) == user_id
        )
    )


def team_of(user: Any) -> Team:
    """``user``'s team: the people the ``team_members`` hook says they manage, and everyone
    in the departments they head (cached on the request)."""
    cache = g.setdefault("sla_teams", {})
    if user.id not in cache:
        hook = current_app.extensions["nhip"].hook
        members = set(hook.team_members(user_id=user.id) or ())
        headed = headed_departments(user.id)
        for code in headed:
            members.update(hook.department_members(department=code) or ())
        members.discard(user.id)
        cache[user.id] = Team(tuple(sorted(members)), headed)
    return cache[user.id]


@dataclass
class Line:
    """One record type under a person (or the department), with links to its filtered list."""

    label: str
    counts: Counts
    breached_url: str
    at_risk_url: str


@dataclass
class Group:
    """A person of the team (``key`` their user id) or the department's queue."""

    key: str
    name: str
    lines: list[Line] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)


def late_line(entity: Any, counts: Counts, responsible: str) -> Line:
    """A card's line of ``entity``, its numbers linking to ``?responsible=...&sla=...``."""
    return Line(
        str(entity.label_plural),
        counts,
        list_url(entity, responsible=responsible, sla="breached"),
        list_url(entity, responsible=responsible, sla="at_risk"),
    )


def team_groups(user: Any, team: Team, entities: list[Any]) -> tuple[Group | None, list[Group]]:
    """The department's queue (None if ``user`` heads none) and the members with breached or
    at-risk records, by name; counted as the filters ``?responsible=&sla=`` list them."""
    by_key = {e.key: e for e in entities}
    people: dict[int, Group] = {}
    if team.members:
        found = late_records(
            entities,
            user,
            narrow=lambda e: responsible_user_column(e).in_(team.members),
            by_person=True,
        )
        names = team.names()
        for (key, person), counts in sorted(
            found.items(), key=lambda i: str(by_key[i[0][0]].label_plural)
        ):
            group = people.setdefault(person, Group(str(person), names.get(person, "?")))
            group.lines.append(late_line(by_key[key], counts, str(person)))
            group.total.add(counts)
    queue = None
    if team.departments:
        queue = Group("department", str(_l("Your department's queue")))
        found = late_records(entities, user, narrow=lambda e: in_departments(e, team.departments))
        for (key, _person), counts in sorted(
            found.items(), key=lambda i: str(by_key[i[0][0]].label_plural)
        ):
            queue.lines.append(late_line(by_key[key], counts, "department"))
            queue.total.add(counts)
    return queue, sorted(people.values(), key=lambda group: group.name.casefold())


def team_widget(user: Any) -> Panel | None:
    """The card, or None for someone who manages nobody and heads no department (or reads no
    tracked record type that someone answers for)."""
    from plugins.sla.switches import tracked_keys

    team = team_of(user)
    if not team:
        return None
    registry = current_app.extensions["nhip"].entities
    entities = [
        registry.get(key)
        for key in sorted(tracked_keys())
        if key in registry
        and has_responsible(registry.get(key))
        and has_permission(registry.get(key).read_permission, user)
    ]
    if not entities:
        return None
    queue, people = team_groups(user, team, entities)
    html = render_template("sla/team.html", queue=queue, people=people)
    return Panel(title=_l("Your team's deadlines"), html=Markup(html), order=21, source="sla")
