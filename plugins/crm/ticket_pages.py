"""The ticket form: the shell's generic record form, with the department chosen by name.

A ticket's ``department`` holds a department code (SLA policies, routing to the head and the
API work with codes), and entity fields are declared once, at start-up, while departments are
known only at run time from the ``departments()`` hook. So these pages build the generic form
(``core.ui.entity_form``) from a copy of the ticket type, made for the request, in which
``department`` is a choice of the listed departments labelled by their names (with no plugin
listing any, it stays a box for a code). Saving goes through the service functions with the
real ticket type, as on the generic pages; the page itself is the shell's
``records/form.html``. New tickets start with the type's defaults (normal priority, e-mail)
and the department of the person filing them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from core import records
from core.auth import requires
from core.entities import Choice, EntityType
from core.errors import BusinessRuleError, ValidationError
from core.i18n import viewer_zone
from core.ui.entity_form import (
    build_form,
    data_from_args,
    initial_data,
    show_errors,
    submitted_values,
)
from core.ui.links import record_url
from core.ui.messages import error_text, translate_form_errors
from core.ui.records import back_to_closed, is_closed, visible_record
from plugins.crm.departments import listed_departments
from plugins.crm.views import bp

TICKET = "crm.ticket"


def form_entity(entity: EntityType, current: str | None = None) -> EntityType:
    """``entity`` as the ticket form shows it: ``department`` a choice of the departments the
    plugins list, by name (the ticket's ``current`` code stays offered even if no longer
    listed); unchanged when no plugin lists departments."""
    pairs = listed_departments()
    if pairs is None:
        return entity
    choices = [Choice(code, name) for code, name in pairs]
    if current and all(code.casefold() != current.casefold() for code, _name in pairs):
        choices.append(Choice(current, current))
    fields = tuple(
        replace(f, type="choice", choices=tuple(choices), label=_l("Department"), help=None)
        if f.name == "department"
        else f
        for f in entity.fields
    )
    return replace(entity, fields=fields)


def own_department(shown: EntityType) -> str | None:
    """The department of the person filing the ticket (``user_department`` hook), when the
    form offers it: support staff file their tickets for their own department."""
    host = current_app.extensions["nhip"]
    code = host.hook.user_department(user_id=current_user.id)
    field = shown.field("department")
    if not code or (field.type == "choice" and code not in {c.value for c in field.choices}):
        return None
    return code


@bp.route("/tickets/new", methods=["GET", "POST"])
@requires("crm.write")
def new_ticket() -> Response | tuple[str, int]:
    """A new ticket; the query string may preset fields (``?customer_id=3``)."""
    entity = records.entity_type(TICKET)
    shown = form_entity(entity)
    start = {**(entity.defaults(current_user.id) if entity.defaults else {})}
    start["department"] = own_department(shown)
    start.update(data_from_args(shown, request.args))
    form = build_form(shown, current_user, data=start)
    if not form.validate_on_submit():
        translate_form_errors(form)
        return _page(entity, form, status=422 if request.method == "POST" else 200)
    values = submitted_values(shown, form, viewer_zone())
    try:
        ticket = records.create(entity, values, current_user.id)
    except ValidationError as exc:
        return _page(entity, form, problems=show_errors(shown, form, exc.fields, error_text))
    except BusinessRuleError as exc:
        return _page(entity, form, problems=[error_text(exc.message)])
    flash(_("%(record)s was created.", record=entity.title_of(ticket)), "success")
    return redirect(record_url(entity, ticket))


@bp.route("/tickets/<int:record_id>/edit", methods=["GET", "POST"])
@requires("crm.write")
def edit_ticket(record_id: int) -> Response | tuple[str, int]:
    """Change a ticket; a closed one is sent back to its page with the reason."""
    entity = records.entity_type(TICKET)
    ticket = visible_record(entity, record_id)
    if is_closed(entity, ticket):
        return back_to_closed(entity, ticket)
    shown = form_entity(entity, ticket.department)
    form = build_form(shown, current_user, data=initial_data(shown, ticket, viewer_zone()))
    if not form.validate_on_submit():
        translate_form_errors(form)
        return _page(entity, form, ticket, status=422 if request.method == "POST" else 200)
    values = submitted_values(shown, form, viewer_zone())
    try:
        changes = records.update(entity, ticket, values, current_user.id)
    except ValidationError as exc:
        return _page(entity, form, ticket, show_errors(shown, form, exc.fields, error_text))
    except BusinessRuleError as exc:
        return _page(entity, form, ticket, [error_text(exc.message)])
    if changes:
        flash(_("%(record)s was saved.", record=entity.title_of(ticket)), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(record_url(entity, ticket))


def _page(
    entity: EntityType, form: Any, ticket: Any = None, problems: Any = (), status: int = 422
) -> tuple[str, int]:
    """The shell's record form page showing ``form`` (and what could not be saved)."""
    html = render_template(
        "records/form.html", entity=entity, form=form, record=ticket, problems=list(problems)
    )
    return html, status
