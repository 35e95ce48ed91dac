"""Policy pages: the list by record type, a policy with its versions, and the edit form (its
conditions and targets as JSON, checked exactly as the import file is)."""

from __future__ import annotations

import json

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import requires
from core.db import db
from plugins.sla.admin.activation import deactivation_question, offer_backfill
from plugins.sla.admin.naming import another_is_called, rename
from plugins.sla.backtest.period import default_period
from plugins.sla.config_document import capped, check, read
from plugins.sla.config_schema import validate_policy
from plugins.sla.config_store import context, export, save_policy
from plugins.sla.ending import active_policy_ids, deactivated_message, end_deactivated
from plugins.sla.escalation.actions import action_types
from plugins.sla.labels import on_change_label, state_labels
from plugins.sla.models import Calendar, Policy, PolicyVersion
from plugins.sla.policy_text import action_text, condition_text
from plugins.sla.readable import policy_refusal, reads_every_record
from plugins.sla.switches import trackable_types
from plugins.sla.views import bp

EXAMPLE_TARGETS = [
    {
        "name": "Resolve",
        "start": ["created"],
        "pause": [],
        "stop": ["done"],
        "cancel": [],
        "minutes": 480,
        "warn": [50, 80],
        "escalations": [
            {"at": 100, "actions": [{"type": "notify", "to": ["responsible", "manager"]}]}
        ],
    }
]


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
    return render_template("sla/admin/policies.html", policies=rows, entities=entities)


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
    return render_template(
        "sla/admin/policy.html",
        policy=policy,
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
    """Create a policy."""
    return _edit(None)


@bp.route("/policies/<int:policy_id>/edit", methods=["GET", "POST"])
@requires("sla.admin")
def policy_edit(policy_id: int):
    """Edit a policy: a change makes a new version; running clocks keep theirs."""
    return _edit(db.session.get(Policy, policy_id) or abort(404))


def _current_definition(policy: Policy) -> dict:
    return next(p for p in export()["policies"] if p["name"] == policy.name)


def _values(policy: Policy | None) -> dict:
    if policy is None:
        return {
            "order": "100",
            "on_change": "carry_over",
            "active": "1",
            "entity": request.args.get("entity", ""),
            "conditions": "{}",
            "targets": json.dumps(EXAMPLE_TARGETS, indent=2),
        }
    d = _current_definition(policy)
    return {
        "name": d["name"],
        "entity": d["entity"],
        "order": str(d["order"]),
        "calendar": d["calendar"],
        "on_change": d["on_change"],
        "active": "1" if d["active"] else "",
        "conditions": json.dumps(d["conditions"], indent=2, ensure_ascii=False),
        "targets": json.dumps(d["targets"], indent=2, ensure_ascii=False),
    }


def definition_from_form(form) -> tuple[dict, list[str]]:
    """The policy definition an admin typed, and the problems of reading it."""
    problems = []
    parsed = {}
    for key in ("conditions", "targets"):
        parsed[key], found = read(form.get(key) or ("{}" if key == "conditions" else "[]"), key)
        problems += found
        if found:
            parsed[key] = {} if key == "conditions" else []
    try:
        order = int(form.get("order", "100"))
    except ValueError:
        problems.append(_("order: a whole number"))
        order = 100
    return {
        "name": form.get("name", "").strip(),
        "entity": form.get("entity", ""),
        "order": order,
        "calendar": form.get("calendar", ""),
        "on_change": form.get("on_change", "carry_over"),
        "active": form.get("active") == "1",
        "conditions": parsed["conditions"],
        "targets": parsed["targets"],
    }, problems


def form_problems(form, policy: Policy | None) -> tuple[dict, list[str]]:
    """The definition the policy form gives, and its problems, each with its place, exactly
    as saving checks it (``policy``: the one edited, None for a new one)."""
    definition, problems = definition_from_form(form)
    if not problems:
        problems = check(definition) or capped(
            [
                p.removeprefix("policy").lstrip(".: ")
                for p in validate_policy(definition, context(), "policy")
            ]
        )
    if not problems:
        refusal = policy_refusal(
            [definition["entity"], policy.entity if policy else None], current_user
        )
        if refusal:
            problems.append(f"entity: {refusal}")
    if not problems and another_is_called(Policy, definition["name"], policy):
        problems.append(_("name: another policy is called %(name)s", name=definition["name"]))
    return definition, problems


def _edit(policy: Policy | None):
    values = _values(policy)
    problems: list[str] = []
    if request.method == "POST":
        values = request.form.to_dict()
        definition, problems = form_problems(request.form, policy)
        if not problems:
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
            offer_backfill(saved, active_before)
            return redirect(url_for("sla.policy_view", policy_id=saved.id))
    return form_page(policy, values, problems)


def form_page(policy: Policy | None, values: dict, problems: list[str]):
    """The policy form showing ``values`` and ``problems`` (422 when there are any)."""
    calendars = db.session.execute(db.select(Calendar.name).order_by(Calendar.name)).scalars()
    entities = [e for e in trackable_types() if reads_every_record(e, current_user)]
    return render_template(
        "sla/admin/policy_form.html",
        policy=policy,
        values=values,
        problems=problems,
        calendars=list(calendars),
        entities=entities,
        backtest_period=default_period(),
    ), (422 if problems else 200)
