"""Generic pages over the entity registry: the list and the record page of any entity type,
with transitions and notes. Create and edit forms are in ``record_forms``. A ``read_only``
type's pages show its records and offer no way to write them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed

from core import records as service
from core.auth import has_permission, requires
from core.db import db
from core.entities import EntityType, Transition
from core.errors import BusinessRuleError, Conflict, NotFound, TransitionError, ValidationError
from core.listing import ListQuery, base_select, list_records
from core.models import AuditEntry
from core.ui import bp
from core.ui.audit_view import change_rows
from core.ui.badges import badges_for
from core.ui.conflicts import changed_since_text, moved_on_text
from core.ui.display import ref_titles
from core.ui.links import next_target, record_url
from core.ui.list_controls import filter_controls, sort_options, sortable
from core.ui.messages import error_text
from core.ui.render_hooks import call_render_hook, placeholder_panels
from core.ui.wording import in_sentence
from core.versions import parse_version

AUDIT_LIMIT = 200


def read_permission(entity_key: str, **_kwargs) -> str:
    """The permission the list and record pages of ``entity_key`` need (404 if unknown)."""
    return service.entity_type(entity_key).read_permission


def write_permission(entity_key: str, **_kwargs) -> str:
    """The permission the forms and notes of ``entity_key`` need (404 if unknown)."""
    return service.entity_type(entity_key).write_permission


def visible_record(entity: EntityType, record_id: int):
    """The record if the viewer may see it (the entity's ``visible`` scope), else NotFound."""
    stmt = base_select(entity, current_user).where(entity.model.id == record_id)
    record = db.session.execute(stmt).scalars().unique().one_or_none()
    if record is None:
        raise NotFound(_("%(entity)s %(id)d does not exist.", entity=entity.label, id=record_id))
    return record


def refuse_if_read_only(entity: EntityType) -> None:
    """A ``read_only`` type's records are written by its plugin only: the pages that would
    create, edit, move or annotate one answer 405 with a sentence saying so."""
    if entity.read_only:
        raise MethodNotAllowed(
            valid_methods=[],
            description=_(
                "%(label)s are written by the application itself and cannot be created or "
                "changed on these pages.",
                label=entity.label_plural,
            ),
        )


def can_write(entity: EntityType) -> bool:
    """Whether the viewer may create records of ``entity`` and add notes to them."""
    return not entity.read_only and has_permission(entity.write_permission)


def may_edit(entity: EntityType, record) -> bool:
    """Whether the viewer may edit ``record``: the write permission, the record open, and the
    entity's ``can_change`` agreeing."""
    return (
        can_write(entity)
        and not is_closed(entity, record)
        and entity.may_change(record, current_user)
    )


def may_move(entity: EntityType, record, transition: Transition) -> bool:
    """Whether the viewer may make ``transition`` of ``record``: its permission, and for a move
    that needs the type's write permission, the entity's ``can_change`` agreeing."""
    if entity.read_only:
        return False
    permission = entity.transition_permission(transition)
    if not has_permission(permission):
        return False
    return permission != entity.write_permission or entity.may_change(record, current_user)


def is_closed(entity: EntityType, record) -> bool:
    """Whether ``record`` is in one of its type's final states (approved, delivered ...): its
    fields are no longer edited, only its history grows."""
    return entity.has_states and getattr(record, "state", None) in entity.final_states


def back_to_closed(entity: EntityType, record):
    """Back to the page of a record in a final state, saying that it can no longer be edited
    (what an edit form answers for a closed record)."""
    state = entity.state(record.state)
    flash(
        _(
            "%(record)s is %(state)s and can no longer be edited.",
            record=entity.title_of(record),
            state=in_sentence(state.text if state else record.state),
        ),
        "warning",
    )
    return redirect(record_url(entity, record))


@bp.get("/r/<entity_key>/")
@requires(read_permission)
def record_list(entity_key: str):
    """Records of one type: filters, search, sort by column or by a plugin's order, paging."""
    entity = service.entity_type(entity_key)
    problems: dict[str, str] = {}
    try:
        query = ListQuery.from_args(request.args)
    except ValidationError as exc:
        problems.update(exc.fields)
        usable = {k: v for k, v in request.args.items() if k not in exc.fields}
        query = ListQuery.from_args(usable)
    try:
        page = list_records(entity, current_user, query)
    except ValidationError as exc:
        problems.update(exc.fields)
        page = list_records(entity, current_user, ListQuery(page=query.page))
    problems = {name: error_text(message) for name, message in problems.items()}
    columns = entity.columns()
    badges = badges_for(entity, page.items, current_user)
    show_state = entity.has_states and not any(c.name == "state" for c in columns)
    return (
        render_template(
            "records/list.html",
            entity=entity,
            page=page,
            columns=columns,
            show_state=show_state,
            refs=ref_titles(columns, page.items, current_user),
            badges=badges,
            show_badges=any(badges.values()),
            filters=filter_controls(entity, current_user),
            sorts=sort_options(entity, current_user),
            sortable=lambda name: sortable(entity, name),
            problems=problems,
            can_write=can_write(entity),
        ),
        400 if problems else 200,
    )


def _panels(entity: EntityType, record) -> list:
    answers = call_render_hook("record_panels", entity=entity, record=record, user=current_user)
    panels = [p for group in answers for p in group or []] + placeholder_panels("record_panels")
    return sorted(panels, key=lambda p: p.order)


def _children(entity: EntityType, record) -> list[dict]:
    out = []
    for child in entity.children:
        rows = list(getattr(record, child.attribute, None) or [])
        out.append(
            {
                "child": child,
                "rows": rows,
                "refs": ref_titles(child.fields, rows, current_user),
            }
        )
    return out


def _audit(entity: EntityType, record) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity.key, AuditEntry.record_id == record.id)
        .order_by(AuditEntry.id.desc())
        .limit(AUDIT_LIMIT)
    )
    return list(db.session.execute(stmt).scalars().unique())


@bp.get("/r/<entity_key>/<int:record_id>")
@requires(read_permission)
def record_view(entity_key: str, record_id: int):
    """One record: fields, state and permitted transitions, badges, panels, child rows and
    the audit trail with a form to add a note. Edit and the moves that need the type's write
    permission show only when the entity's ``can_change`` lets the viewer change this record."""
    entity = service.entity_type(entity_key)
    record = visible_record(entity, record_id)
    transitions = [
        t
        for t in entity.transitions_from(getattr(record, "state", None))
        if may_move(entity, record, t)
    ]
    return render_template(
        "records/view.html",
        entity=entity,
        record=record,
        refs=ref_titles(entity.fields, [record], current_user),
        badges=badges_for(entity, [record], current_user).get(record.id, []),
        transitions=transitions,
        panels=_panels(entity, record),
        children=_children(entity, record),
        audit=_audit(entity, record),
        change_rows=lambda entry: change_rows(entity, entry),
        can_write=can_write(entity),
        can_edit=may_edit(entity, record),
    )


@bp.post("/r/<entity_key>/<int:record_id>/transition")
@requires(read_permission)
def record_transition(entity_key: str, record_id: int):
    """Move a record to the state ``to`` (with an optional ``note``); the transition's own
    permission is checked here, since it depends on the state asked for. The form says which
    state its viewer saw (``from``), and the confirmation of a final move also which version
    (``version``): if someone else moved or changed the record first, nothing happens and the
    page says so. A ``next`` (a path of this site) is where to go afterwards, else the
    record's page."""
    entity = service.entity_type(entity_key)
    refuse_if_read_only(entity)
    record = visible_record(entity, record_id)
    target = request.form.get("to", "")
    note = request.form.get("note", "").strip()
    seen = request.form.get("from") or getattr(record, "state", None)
    if seen != getattr(record, "state", None):
        flash(moved_on_text(entity, record), "warning")
        return redirect(record_url(entity, record_id))
    move = next(
        (t for t in entity.transitions_from(getattr(record, "state", None)) if t.target == target),
        None,
    )
    if move is not None and not has_permission(entity.transition_permission(move)):
        abort(403)
    if move is None and not has_permission(entity.write_permission):
        abort(403)
    try:
        version = parse_version(request.form.get("version"))
        service.transition(
            entity, record, target, current_user.id, note=note, from_state=seen, version=version
        )
    except Conflict:
        if getattr(record, "state", None) == seen:  # changed, not moved: the version differs
            flash(changed_since_text(entity, record), "warning")
        else:
            flash(moved_on_text(entity, record), "warning")
    except (TransitionError, BusinessRuleError) as exc:
        flash(_("The change was refused: %(reason)s", reason=error_text(exc.message)), "danger")
    except ValidationError as exc:
        flash(_("The change was refused: %(reason)s", reason=error_text(str(exc))), "danger")
    else:
        state = entity.state(target)
        flash(
            _("%(record)s is now %(state)s.", record=entity.title_of(record), state=state.text),
            "success",
        )
    return redirect(next_target(request.form.get("next"), record_url(entity, record_id)))


@bp.post("/r/<entity_key>/<int:record_id>/note")
@requires(write_permission)
def record_note(entity_key: str, record_id: int):
    """Add a note to a record's audit trail."""
    entity = service.entity_type(entity_key)
    refuse_if_read_only(entity)
    record = visible_record(entity, record_id)
    try:
        service.add_note(entity, record, request.form.get("note", ""), current_user.id)
    except ValidationError:
        flash(_("Write something before adding a note."), "warning")
    else:
        flash(_("Note added."), "success")
    return redirect(record_url(entity, record_id) + "#chatter")
