"""The controls above a generic list: filter selects, the search box and the sort choices."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Select, select

from core.auth.access import ALL, roles_catalog
from core.db import db
from core.entities import EntityType, Field
from core.listing import base_select, plugin_filters, plugin_sorts
from core.models import User, UserRole
from core.ui.display import ref_entity

#: a ref filter offers a select when the referenced type has at most this many records
REF_OPTIONS_LIMIT = 200


@dataclass
class FilterControl:
    """One filter: a select of ``options`` (value, label), or a number box when ``options``
    is None (a reference to a type with too many records to list)."""

    name: str
    label: str
    options: list[tuple[str, str]] | None = field(default_factory=list)


@dataclass
class SortOption:
    """One entry of the sort select."""

    value: str
    label: str


def ref_options(
    fld: Field, user, limit: int, holders_of: str | None = None
) -> list[tuple[str, str]] | None:
    """``(id, title)`` of the records a ref field may point at, or None if more than ``limit``.

    ``holders_of`` (a permission) keeps, of a reference to users, the active users whose roles
    grant it: the people who can hold the record (see ``holders``)."""
    target = ref_entity(fld)
    if target is None:
        return None
    stmt = base_select(target, user)
    if holders_of is not None and target.model is User:
        stmt = holders(stmt, holders_of)
    rows = (
        db.session.execute(stmt.order_by(target.model.id.asc()).limit(limit + 1))
        .scalars()
        .unique()
        .all()
    )
    if len(rows) > limit:
        return None
    options = [(str(row.id), target.title_of(row)) for row in rows]
    return sorted(options, key=lambda o: o[1].lower())


def holders(stmt: Select, permission: str) -> Select:
    """``stmt`` (a select of users) narrowed to the active users holding ``permission``
    through one of their roles (administrators, who hold every permission, included)."""
    roles = [
        role.name
        for role in roles_catalog().values()
        if permission in role.permissions or ALL in role.permissions
    ]
    held = select(UserRole.user_id).where(UserRole.role.in_(roles))
    return stmt.where(User.active.is_(True), User.id.in_(held))


def filter_controls(entity: EntityType, user) -> list[FilterControl]:
    """State, choice, yes/no and reference filters, then the plugins' own filters. The filter
    on the person who holds the record (the type's ``responsible_field``: a salesperson, an
    assignee) lists only the people who can: active users holding the type's write permission
    (other references to users, such as an employee's login, list every user)."""
    controls: list[FilterControl] = []
    if entity.has_states and not entity.has_field("state"):
        controls.append(
            FilterControl("state", _("State"), [(s.name, s.text) for s in entity.states])
        )
    for fld in entity.fields:
        if not fld.filterable:
            continue
        if fld.type == "choice":
            controls.append(
                FilterControl(fld.name, fld.text, [(c.value, c.text) for c in fld.choices])
            )
        elif fld.type == "bool":
            controls.append(
                FilterControl(fld.name, fld.text, [("true", _("Yes")), ("false", _("No"))])
            )
        elif fld.type == "ref":
            # the person who holds the record: only those who can (its write permission)
            holders_of = entity.write_permission if fld.name == entity.responsible_field else None
            options = ref_options(fld, user, REF_OPTIONS_LIMIT, holders_of)
            controls.append(FilterControl(fld.name, fld.text, options))
    for flt in plugin_filters(entity, user).values():
        controls.append(
            FilterControl(flt.name, str(flt.label), [(c.value, c.text) for c in flt.options])
        )
    return controls


def sort_options(entity: EntityType, user) -> list[SortOption]:
    """Each sortable column both ways, then the plugins' orderings (such as urgency); each
    order once. References are left out (their ids do not sort by name), and the record
    number is left out when a field has the same label (an order's own ``Number``)."""
    named: list[tuple[str, str]] = []
    if entity.has_states and not entity.has_field("state"):
        named.append(("state", _("State")))
    named += [
        (f.name, f.text)
        for f in entity.fields
        if f.sortable and f.type not in ("text", "ref") and f.name != "id"
    ]
    named.append(("id", _("Number")))
    options: list[SortOption] = []
    for name, label in named:
        options.append(SortOption(name, _("%(field)s, ascending", field=label)))
        options.append(SortOption("-" + name, _("%(field)s, descending", field=label)))
    for sort in plugin_sorts(entity, user).values():
        options.append(SortOption(sort.name, str(sort.label)))
        options.append(SortOption("-" + sort.name, _("%(field)s, reversed", field=sort.label)))
    return _once(options)


def _once(options: list[SortOption]) -> list[SortOption]:
    """``options`` without a second value or a second label (the first one stays)."""
    values: set[str] = set()
    labels: set[str] = set()
    kept: list[SortOption] = []
    for option in options:
        if option.value in values or option.label in labels:
            continue
        values.add(option.value)
        labels.add(option.label)
        kept.append(option)
    return kept


def sortable(entity: EntityType, name: str) -> bool:
    """Whether the list can be sorted by the column ``name``."""
    if name == "state":
        return entity.has_states
    return entity.has_field(name) and entity.field(name).sortable
