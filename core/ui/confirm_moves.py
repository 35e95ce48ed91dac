"""Asking before a final move on the record page (cancel an order, reject a leave request,
close a ticket): the move's button posts here first, and this page says what the move will do
(the record can no longer be edited, and each plugin's consequences through the
``transition_consequences`` hook) before a second button makes it.

The page posts the real move to ``record_transition`` with the state and the version of the
record it described: if someone changed the record meanwhile, the move is refused as any late
move is (``core.records.transition``), so two clicks on the confirmed button move it once. The
API makes moves without this step.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from core import records as service
from core.auth import requires
from core.entities import EntityType
from core.ui import bp
from core.ui.conflicts import moved_on_text
from core.ui.links import next_target, record_url
from core.ui.records import may_move, read_permission, refuse_if_read_only, visible_record
from core.ui.render_hooks import call_render_hook
from core.ui.wording import in_sentence
from core.versions import version_of


def consequences(entity: EntityType, record, to_state: str) -> list[str]:
    """What the plugins say moving ``record`` to ``to_state`` will do, as sentences; a plugin
    whose hook raises is left out (and shown to administrators as a failed plugin)."""
    answers = call_render_hook(
        "transition_consequences",
        entity=entity,
        record=record,
        to_state=to_state,
        user=current_user,
    )
    return [str(sentence) for group in answers for sentence in group or [] if sentence]


@bp.post("/r/<entity_key>/<int:record_id>/confirm-move")
@requires(read_permission)
def record_transition_confirm(entity_key: str, record_id: int):
    """The question before a final move: what it will do, the note typed so far, and the
    button that makes it (with the state and version this page describes). Nothing changes
    here; a move already made by someone else is said on the record's page. A queue's
    one-click buttons post here too, with ``next``: the page they came from, where both the
    move and "keep it" lead back."""
    entity = service.entity_type(entity_key)
    refuse_if_read_only(entity)
    record = visible_record(entity, record_id)
    state_now = getattr(record, "state", None)
    seen = request.form.get("from") or state_now
    if seen != state_now:
        flash(moved_on_text(entity, record), "warning")
        return redirect(record_url(entity, record_id))
    target = request.form.get("to", "")
    move = next((t for t in entity.transitions_from(state_now) if t.target == target), None)
    if move is None:
        flash(
            _(
                "The change was refused: %(record)s cannot move to %(state)s from here.",
                record=entity.title_of(record),
                state=target,
            ),
            "danger",
        )
        return redirect(record_url(entity, record_id))
    if not may_move(entity, record, move):
        abort(403)
    state = entity.state(target)
    return render_template(
        "records/confirm.html",
        entity=entity,
        record=record,
        move=move,
        state_text=in_sentence(state.text),
        consequences=consequences(entity, record, target),
        note=request.form.get("note", "").strip(),
        version=version_of(entity.key, record.id),
        back=next_target(request.form.get("next"), ""),
    )
