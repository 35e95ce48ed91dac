"""The generic create and edit pages of any entity type (plugins with forms of their own set
``create_endpoint`` / ``edit_endpoint`` and are sent there; ``read_only`` types have none).

The edit form carries the version of the record it shows (``record_version``); a save over a
record that someone else changed since is shown again with what changed (``core.ui.conflicts``).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from core import records as service
from core.auth import requires
from core.errors import BusinessRuleError, Conflict, ValidationError
from core.i18n import viewer_zone
from core.ui import bp
from core.ui.conflicts import VERSION_INPUT, merge_into_form, stale_save
from core.ui.entity_form import (
    build_form,
    data_from_args,
    initial_data,
    show_errors,
    submitted_values,
)
from core.ui.links import create_url, edit_url, record_url
from core.ui.messages import error_text, translate_form_errors
from core.ui.records import (
    back_to_closed,
    is_closed,
    refuse_if_read_only,
    visible_record,
    write_permission,
)
from core.versions import parse_version, version_of


def _render(entity, form, record=None, problems=(), status=200, *, version=None, stale=None):
    return (
        render_template(
            "records/form.html",
            entity=entity,
            form=form,
            record=record,
            problems=list(problems),
            version=version,
            version_input=VERSION_INPUT,
            stale=stale,
        ),
        status,
    )


def _save(entity, form, write) -> tuple[bool, object, list[str]]:
    """Run ``write(values)``: ``(done, its result, messages that belong to no input)``."""
    try:
        return True, write(submitted_values(entity, form, viewer_zone())), []
    except ValidationError as exc:
        return False, None, show_errors(entity, form, exc.fields, error_text)
    except BusinessRuleError as exc:
        return False, None, [error_text(exc.message)]


@bp.route("/r/<entity_key>/new", methods=["GET", "POST"])
@requires(write_permission)
def record_new(entity_key: str):
    """Create a record through a form built from the entity's editable fields."""
    entity = service.entity_type(entity_key)
    refuse_if_read_only(entity)
    if entity.create_endpoint:
        return redirect(create_url(entity))
    form = build_form(entity, current_user, data=data_from_args(entity, request.args))
    if not form.validate_on_submit():
        translate_form_errors(form)
        return _render(entity, form, status=422 if request.method == "POST" else 200)
    done, record, problems = _save(
        entity, form, lambda values: service.create(entity, values, current_user.id)
    )
    if not done:
        return _render(entity, form, problems=problems, status=422)
    flash(_("%(record)s was created.", record=entity.title_of(record)), "success")
    return redirect(record_url(entity, record))


@bp.route("/r/<entity_key>/<int:record_id>/edit", methods=["GET", "POST"])
@requires(write_permission)
def record_edit(entity_key: str, record_id: int):
    """Change a record's editable fields. A record in a final state is not edited: the viewer
    is sent back to its page with a message saying why; one the entity's ``can_change`` keeps
    from the viewer answers 403."""
    entity = service.entity_type(entity_key)
    refuse_if_read_only(entity)
    record = visible_record(entity, record_id)
    if is_closed(entity, record):
        return back_to_closed(entity, record)
    if entity.edit_endpoint:
        return redirect(edit_url(entity, record))
    if not entity.may_change(record, current_user):
        abort(403)
    form = build_form(entity, current_user, data=initial_data(entity, record, viewer_zone()))
    if request.method == "POST":
        seen = request.form.get(VERSION_INPUT)
    else:
        seen = version_of(entity.key, record.id)
    if not form.validate_on_submit():
        translate_form_errors(form)
        status = 422 if request.method == "POST" else 200
        return _render(entity, form, record, status=status, version=seen)
    try:
        version = parse_version(seen, VERSION_INPUT)
        done, changes, problems = _save(
            entity,
            form,
            lambda values: service.update(entity, record, values, current_user.id, version=version),
        )
    except Conflict as conflict:
        return _stale(entity, form, record, conflict)
    if not done:
        return _render(entity, form, record, problems, status=422, version=seen)
    if changes:
        flash(_("%(record)s was saved.", record=entity.title_of(record)), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(record_url(entity, record))


def _stale(entity, form, record, conflict: Conflict):
    """Someone else saved the record since the form was opened: the form again (409) with
    what changed and the current version; or, if the record is now closed, its page."""
    if is_closed(entity, record):
        return back_to_closed(entity, record)
    zone = viewer_zone()
    merge_into_form(entity, form, record, conflict, submitted_values(entity, form, zone), zone)
    version = version_of(entity.key, record.id)
    stale = stale_save(entity, record, conflict)
    return _render(entity, form, record, status=409, version=version, stale=stale)
