"""The controls above a generic list: filter selects, the search box and the sort choices."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from core.db import db
from core.entities import EntityType, Field
from core.listing import base_select, plugin_filters, plugin_sorts
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


def ref_options(fld: Field, user, limit: int) -> list[tuple[str, str]] | None:
    """``(id, title)`` of the records a ref field may point at, or None if more than ``limit``."""
    target = ref_entity(fld)
    if target is None:
        return None
    rows = (
        db.session.execute(
            base_select(target, user).order_by(target.model.id.asc()).limit(limit + 1)
        )
        .scalars()
        .unique()
        .all()
    )
    if len(rows) > limit:
        return None
    options = [(str(row.id), target.title_of(row)) for row in rows]
    return sorted(options, key=lambda o: o[1].lower())


def filter_controls(entity: EntityType, user) -> list[FilterControl]:
    """State, choice, yes/no and reference filters, then the plugins' own filters."""
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
            controls.append(
                FilterControl(fld.name, fld.text, ref_options(fld, user, REF_OPTIONS_LIMIT))
            )
    for flt in plugin_filters(entity, user).values():
        controls.append(
            FilterControl(flt.name, str(flt.label), [(c.value, c.text) for c in flt.choices])
        )
    return controls


def sort_options(entity: EntityType, user) -> list[SortOption]:
    """Each sortable column both ways, then the plugins' orderings (such as urgency)."""
    options: list[SortOption] = []
    named: list[tuple[str, str]] = []
    if entity.has_states and not entity.has_field("state"):
        named.append(("state", _("State")))
    named += [(f.name, f.text) for f in entity.fields if f.sortable and f.type != "text"]
    named.append(("id", _("Number")))
    for name, label in named:
        options.append(SortOption(name, _("%(field)s, ascending", field=label)))
        options.append(SortOption("-" + name, _("%(field)s, descending", field=label)))
    for sort in plugin_sorts(entity, user).values():
        options.append(SortOption(sort.name, str(sort.label)))
        options.append(SortOption("-" + sort.name, _("%(field)s, reversed", field=sort.label)))
    return options


def sortable(entity: EntityType, name: str) -> bool:
    """Whether the list can be sorted by the column ``name``."""
    if name == "state":
        return entity.has_states
    return entity.has_field(name) and entity.field(name).sortable
