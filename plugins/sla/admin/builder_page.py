"""What the builder's page shows besides the fields: the record type's fields with their
operators and choices, its states by label, the action types and their options, the people,
roles and calendars to pick from, and each problem beside the part it is about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from core.auth.access import roles_catalog
from core.db import db
from core.entities import EntityType
from core.models import User
from plugins.sla.admin.builder_actions import options_of
from plugins.sla.admin.builder_conditions import operators
from plugins.sla.escalation.actions.recipients import RELATIONS
from plugins.sla.labels import CREATED, state_label
from plugins.sla.matching import field_specs
from plugins.sla.policy_text import STATE

#: the builder's operator names
OP_LABELS = {
    "eq": _l("is"),
    "ne": _l("is not"),
    "in": _l("is one of"),
    "not_in": _l("is none of"),
    "gt": _l("is more than"),
    "gte": _l("is at least"),
    "lt": _l("is less than"),
    "lte": _l("is at most"),
    "contains": _l("contains"),
    "is_set": _l("is filled in"),
    "is_empty": _l("is empty"),
}
RELATION_LABELS = {
    "responsible": _l("the person responsible"),
    "manager": _l("their manager"),
    "department_head": _l("the department head"),
}
OPTION_LABELS = {
    "to": _l("Recipients"),
    "channels": _l("Channels"),
    "levels": _l("Manager levels up"),
    "value": _l("New value"),
    "field": _l("Field"),
    "url": _l("Address (URL)"),
    "secret": _l("Signing secret"),
    "severity": _l("Severity"),
    "bonus_impact": _l("Counts against the bonus"),
    "in_app": _l("in the app"),
    "email": _l("by e-mail"),
    "minor": _l("minor"),
    "major": _l("major"),
}
#: the part of the page a problem's place points at (the target card, level, action or row)
PLACE = re.compile(
    r"^(?:policy\.)?(conditions(?:\.(?:all|any)\[(\d+)\])?|targets\[(\d+)\]"
    r"(?:\.escalations\[(\d+)\](?:\.actions\[(\d+)\])?)?|\w+)"
)


@dataclass
class FieldChoice:
    """A field a condition may test: its name, label, operators and choices."""

    name: str
    label: str
    type: str
    ops: list[str]
    choices: list[tuple[str, str]] = field(default_factory=list)


def condition_fields(entity: EntityType | None) -> list[FieldChoice]:
    """The fields of ``entity`` a condition row offers, with their operators and choices."""
    if entity is None:
        return []
    out = []
    for spec in field_specs(entity).values():
        if entity.has_field(spec.name):
            declared = entity.field(spec.name)
            label = declared.text
            choices = [(c.value, c.text) for c in declared.choices]
        else:
            label, choices = str(STATE), [(s.name, s.text) for s in entity.states]
        out.append(FieldChoice(spec.name, label, spec.type, operators(spec), choices))
    return out


def states(entity: EntityType | None, with_created: bool) -> list[tuple[str, str]]:
    """The states a target's list may name, by label (``created`` first for ``start``)."""
    names = ([CREATED] if with_created else []) + [s.name for s in entity.states] if entity else []
    return [(n, state_label(entity, n)) for n in names]


def recipients() -> list[tuple[str, str]]:
    """Who an action may name: relations to the record, roles, then active people."""
    out = [(r, str(RELATION_LABELS[r])) for r in RELATIONS]
    for role in sorted(roles_catalog().values(), key=lambda r: r.name):
        out.append((f"role:{role.name}", f"{_l('role')}: {role.label or role.name}"))
    people = db.session.execute(
        db.select(User.email, User.name).where(User.active.is_(True)).order_by(User.name)
    ).all()
    out += [(f"user:{email}", f"{name} <{email}>") for email, name in people]
    return out


def action_options(types: dict) -> dict[str, Any]:
    """Each action type's options (None: a JSON box) for the page."""
    return {name: options_of(name, types) for name in types}


def problems_beside(problems: list[str]) -> dict[str, list[str]]:
    """The problems by the part of the builder they are about: ``c2`` (a condition row),
    ``t0`` (a target card), ``t0.e1`` (a level), ``t0.e1.a0`` (an action), ``name`` …"""
    out: dict[str, list[str]] = {}
    for problem in problems:
        found = PLACE.match(problem)
        if not found:
            continue
        whole, row, target, level, action = found.groups()
        if row is not None:
            key = f"c{row}"
        elif target is not None:
            key = f"t{target}" + (f".e{level}" if level else "") + (f".a{action}" if action else "")
        else:
            key = whole
        out.setdefault(key, []).append(problem)
    return out
