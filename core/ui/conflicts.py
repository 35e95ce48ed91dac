"""What a person sees when someone else changed a record first (``core.errors.Conflict``).

A move that came too late (the record's state moved on) is a warning on the record's page.
A form saved over a version that is no longer the record's is shown again: with what changed
meanwhile, the other person's values in the inputs the viewer had not touched, the viewer's
own values (marked) where both changed the same input, and the current version, so that a
second save is a decision taken knowingly, never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from core.entities import EntityType
from core.errors import Conflict, ValidationError
from core.fieldvalues import coerce_values
from core.records import jsonable
from core.ui.audit_view import changes_rows
from core.ui.entity_form import attribute_name, initial_data

#: the hidden input of an edit form that holds the version of the record it shows
VERSION_INPUT = "record_version"


@dataclass(frozen=True)
class StaleSave:
    """The message above a form whose save came too late, and what changed meanwhile."""

    message: str
    rows: list[tuple[str, str, str]]


def moved_on_text(entity: EntityType, record: Any) -> str:
    """ "SO-… has already moved on (now Confirmed).", in the viewer's language."""
    state = entity.state(record.state)
    return _(
        "%(title)s has already moved on (now %(state)s).",
        title=entity.title_of(record),
        state=state.text if state else record.state,
    )


def changed_since_text(entity: EntityType, record: Any) -> str:
    """What a confirmed move says when the record changed after the question was asked."""
    return _(
        "%(title)s was changed by someone else after you were asked, so nothing was done. "
        "Look at it again before moving it.",
        title=entity.title_of(record),
    )


def stale_save(entity: EntityType, record: Any, conflict: Conflict) -> StaleSave:
    """The message and the changed fields of a save refused by ``conflict``."""
    message = _(
        "%(title)s was changed by someone else after you opened it, so your changes were not "
        "saved yet.",
        title=entity.title_of(record),
    )
    return StaleSave(message, changes_rows(entity, conflict.changed))


def merge_into_form(
    entity: EntityType, form: Any, record: Any, conflict: Conflict, submitted: dict, zone
) -> None:
    """Show ``record`` as it is now in the inputs someone else changed and the viewer did not;
    keep the viewer's value, with a note, where both changed it."""
    current = initial_data(entity, record, zone)
    for name, (then, now) in conflict.changed.items():
        if not entity.has_field(name) or not entity.field(name).editable:
            continue
        field = form[attribute_name(entity.field(name))]
        if _as_stored(entity, name, submitted.get(name)) == then:
            field.data = current[attribute_name(entity.field(name))]
            field.raw_data = None
            continue
        [(_label, _then, now_text)] = changes_rows(entity, {name: [then, now]})
        note = _("Changed meanwhile to %(value)s; yours is kept here.", value=now_text)
        field.errors = [*field.errors, note]


def _as_stored(entity: EntityType, name: str, value: Any) -> Any:
    """A submitted value as the audit trail would record it (None if it is not valid)."""
    try:
        clean = coerce_values(entity, {name: value}, creating=False)
    except ValidationError:
        return None
    return jsonable(clean.get(name))
