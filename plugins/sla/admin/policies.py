"""Policy pages: the list by record type (and drafts of new policies), a policy with its
versions and its draft, and the builder that creates and edits them (``policy_form``): Save
applies a change now, Save as draft keeps it for previewing and publishing (``drafts``)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import requires
from core.db import db
from plugins.sla.admin.activation import deactivation_question, offer_backfill
from plugins.sla.admin.drafts import draft_of, new_drafts, save_draft
from plugins.sla.admin.naming import rename
from plugins.sla.admin.policy_form import (  # noqa: F401  (form_page, form_problems: backtest)
    draft_values,
    drafted_by,
    first_values,
    form_page,
    form_problems,
    reshaped,
)
from plugins.sla.config_store import save_policy
from plugins.sla.ending import active_policy_ids, deactivated_message, end_deactivated
from plugins.sla.escalation.actions import action_types
from plugins.sla.labels import on_change_label, state_labels
from plugins.sla.models import Policy, PolicyDraft, PolicyVersion
from plugins.sla.policy_text import action_text, condition_text
from plugins.sla.views import bp


@bp.get("/policies")
@requires("sla.admin")
def policies():
    """Every policy, grouped by record type, in the order they are tried."""
    rows = (
        db.session.execute(db.select(Policy).order_by(Policy.entity, Policy.order, Policy.name))
        .scalars()
        .all()
    )
    entities = current_app.extensions["nhip"].entities
    return render_template(
        "sla/admin/policies.html",
        policies=rows,
        entities=entities,
        drafts=new_drafts(),
        drafted=set(db.session.execute(db.select(PolicyDraft.policy_id)).scalars()),
    )


@bp.get("/policies/<int:policy_id>")
@requires("sla.admin")
def policy_view(policy_id: int):
    """One policy: its current version's targets and the history of versions."""
    policy = db.session.get(Policy, policy_id) or abort(404)
    versions = (
        db.session.execute(
            db.select(PolicyVersion)
            .where(PolicyVersion.policy_id == policy.id)
            .order_by(PolicyVersion.number.desc())
        )
        .scalars()
        .all()
    )
    registry = current_app.extensions["nhip"].entities
    entity = registry.get(policy.entity) if policy.entity in registry else None
    types = action_types()
    draft = draft_of(policy)
    return render_template(
        "sla/admin/policy.html",
        policy=policy,
        draft=draft,
        drafted=drafted_by(draft) if draft else None,
        versions=versions,
        entity=entity,
        conditions=lambda v: condition_text(v.conditions, entity),
        states=lambda names: state_labels(entity, names),
        on_change=on_change_label,
        action=lambda a: action_text(a, types),
    )


@bp.route("/policies/new", methods=["GET", "POST"])
@requires("sla.admin")
def policy_new():
    """Create a policy: the builder starts from a template that fits the chosen record type."""
    return _edit(None)


@bp.route("/policies/<int:policy_id>/edit", methods=["GET", "POST"])
@requires("sla.admin")
def policy_edit(policy_id: int):
    """Edit a policy: a change makes a new version; running clocks keep theirs."""
    return _edit(db.session.get(Policy, policy_id) or abort(404))


def _edit(policy: Policy | None, draft: PolicyDraft | None = None):
    if request.method == "GET":
        values = first_values(policy) if draft is None else draft_values(draft)
        return form_page(policy, values, [], draft=draft)
    command = request.form.get("do") or "save"
    if command not in ("save", "draft"):
        return reshaped(policy, command, draft)
    values = request.form.to_dict()
    definition, problems = form_problems(request.form, policy)
    if problems:
        return form_page(policy, values, problems, draft=draft)
    if command == "draft":
        saved_draft = save_draft(definition, policy, current_user.id, draft)
        flash(_("Draft saved: it applies to no record until it is published."), "success")
        return redirect(url_for("sla.draft_view", draft_id=saved_draft.id))
    question = deactivation_question(policy, definition)
    if question is not None:
        return question
    active_before = active_policy_ids()
    rename(policy, definition["name"])
    outcome = save_policy(definition, current_user.id)
    ended = end_deactivated(active_before, current_user.id)
    db.session.commit()
    saved = db.session.execute(
        db.select(Policy).where(Policy.name == definition["name"])
    ).scalar_one()
    saved_message(saved, outcome, ended)
    offer_backfill(saved, active_before)
    return redirect(url_for("sla.policy_view", policy_id=saved.id))


def saved_message(saved: Policy, outcome: str, ended: dict) -> None:
    """Flash what a save or a publication did."""
    if outcome == "unchanged":
        flash(_("Nothing changed."), "info")
    else:
        flash(
            _(
                "Policy %(name)s saved as version %(n)d.",
                name=saved.name,
                n=saved.current_version.number,
            ),
            "success",
        )
    for name, count in ended.items():
        flash(deactivated_message(name, count), "info")
