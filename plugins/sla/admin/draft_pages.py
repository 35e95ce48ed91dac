"""The pages of a policy draft: the draft in words with Preview · Backtest · Publish ·
Discard, its builder, its preview against real records, and the Publish and Discard buttons
(``plugins.sla.admin.drafts`` does the work). Every page needs ``sla.admin`` and the right to
read every record of the draft's type."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import requires
from core.db import db
from plugins.sla.admin.activation import deactivation_question, offer_backfill
from plugins.sla.admin.draft_preview import preview
from plugins.sla.admin.drafts import Refused, discard, problems_of, publish
from plugins.sla.admin.policies import _edit, saved_message
from plugins.sla.admin.policy_form import drafted_by, legacy_fields
from plugins.sla.backtest.period import default_period
from plugins.sla.ending import active_policy_ids
from plugins.sla.escalation.actions import action_types
from plugins.sla.labels import on_change_label, state_labels
from plugins.sla.models import Policy, PolicyDraft
from plugins.sla.policy_text import action_text, condition_text
from plugins.sla.readable import reads_every_record
from plugins.sla.switches import trackable_type
from plugins.sla.views import bp


def _draft(draft_id: int) -> PolicyDraft:
    """The draft, if the viewer may see its record type (404 otherwise)."""
    draft = db.session.get(PolicyDraft, draft_id)
    entity = trackable_type(draft.entity) if draft is not None else None
    if draft is None or (entity is not None and not reads_every_record(entity, current_user)):
        abort(404)
    return draft


@bp.get("/policies/drafts/<int:draft_id>")
@requires("sla.admin")
def draft_view(draft_id: int):
    """The draft in words, with what it would change and its buttons."""
    draft = _draft(draft_id)
    entity = trackable_type(draft.entity)
    policy = db.session.get(Policy, draft.policy_id) if draft.policy_id else None
    types = action_types()
    stale = policy is not None and policy.current_version_id != draft.base_version_id
    return render_template(
        "sla/admin/draft.html",
        draft=draft,
        d=draft.definition,
        policy=policy,
        entity=entity,
        drafted=drafted_by(draft),
        stale=stale,
        problems=problems_of(draft),
        conditions=condition_text(draft.definition.get("conditions"), entity),
        states=lambda names: state_labels(entity, names),
        on_change=on_change_label,
        action=lambda a: action_text(a, types),
        carried=legacy_fields(draft.definition),
        backtest_period=default_period(),
    )


@bp.route("/policies/drafts/<int:draft_id>/edit", methods=["GET", "POST"])
@requires("sla.admin")
def draft_edit(draft_id: int):
    """The builder showing the draft; Save as draft keeps it, Save applies it now."""
    draft = _draft(draft_id)
    policy = db.session.get(Policy, draft.policy_id) if draft.policy_id else None
    return _edit(policy, draft)


@bp.get("/policies/drafts/<int:draft_id>/preview")
@requires("sla.admin")
def draft_preview(draft_id: int):
    """The draft against the latest records of its type: which it matches, their deadlines."""
    draft = _draft(draft_id)
    entity = trackable_type(draft.entity) or abort(404)
    rows = preview(draft, entity, current_user._get_current_object())
    return render_template("sla/admin/draft_preview.html", draft=draft, entity=entity, rows=rows)


@bp.post("/policies/drafts/<int:draft_id>/publish")
@requires("sla.admin")
def draft_publish(draft_id: int):
    """Publish the draft: the policy's next version (or a new policy), once."""
    draft = _draft(draft_id)
    policy = db.session.get(Policy, draft.policy_id) if draft.policy_id else None
    question = deactivation_question(policy, draft.definition)
    if question is not None:
        return question
    active_before = active_policy_ids()
    try:
        done = publish(draft_id, current_user.id)
    except Refused as refusal:
        return render_template("sla/admin/draft_refused.html", message=str(refusal)), 409
    saved_message(done.policy, done.outcome, done.ended)
    offer_backfill(done.policy, active_before)
    return redirect(url_for("sla.policy_view", policy_id=done.policy.id))


@bp.post("/policies/drafts/<int:draft_id>/discard")
@requires("sla.admin")
def draft_discard(draft_id: int):
    """Delete the draft; the policy stays as it is."""
    draft = _draft(draft_id)
    back = (
        url_for("sla.policy_view", policy_id=draft.policy_id)
        if draft.policy_id
        else url_for("sla.policies")
    )
    if discard(draft_id):
        flash(_("Draft discarded."), "info")
    return redirect(back)
