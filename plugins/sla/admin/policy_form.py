"""The policy form: the builder (or its JSON view) read into a policy definition and checked
exactly as the import file is, and the page showing it, with every problem beside its part.

The form says a policy three ways: the builder's fields (``plugins.sla.admin.builder``), the
JSON view's ``document`` (the policy as ``nhip sla export`` writes it; ``view=json``), or the
JSON fields ``conditions`` and ``targets`` (what the backtest page carries back). Buttons named
``do`` switch views, change the record type (the form becomes that type's template) or the
builder's shape; ``save`` and ``draft`` save.
"""

from __future__ import annotations

import json

from flask import render_template, request
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from core.db import db, utcnow
from core.entities import EntityType
from core.models import User
from plugins.sla.admin.builder import definition_of, fields_of, normal
from plugins.sla.admin.builder_edits import edit
from plugins.sla.admin.builder_page import (
    OP_LABELS,
    OPTION_LABELS,
    action_options,
    condition_fields,
    problems_beside,
    recipients,
    states,
)
from plugins.sla.admin.builder_values import dumped
from plugins.sla.admin.drafts import draft_of
from plugins.sla.admin.naming import another_is_called
from plugins.sla.admin.starter import starter
from plugins.sla.backtest.period import default_period
from plugins.sla.config_document import capped, check, read
from plugins.sla.config_schema import validate_policy
from plugins.sla.config_store import context, export
from plugins.sla.escalation.actions import action_types
from plugins.sla.labels import ON_CHANGE_LABELS
from plugins.sla.models import Calendar, Policy, PolicyDraft
from plugins.sla.readable import policy_refusal, reads_every_record
from plugins.sla.switches import is_tracked, trackable_type, trackable_types

TOP_FIELDS = ("name", "entity", "order", "calendar", "on_change", "active")


def current_definition(policy: Policy) -> dict:
    """The policy's current version in the import format."""
    return next(p for p in export()["policies"] if p["name"] == policy.name)


def _entity(key: str):
    """A record type the admin may write policies for (None if not)."""
    entity = trackable_type(key)
    return entity if entity is not None and reads_every_record(entity, current_user) else None


def first_values(policy: Policy | None) -> dict:
    """The builder's fields when the form opens: the policy's current version, or a new
    policy's template for the record type asked (``?entity=``), else the first one whose
    records have states and are tracked (a type without states has nothing to meet)."""
    if policy is not None and policy.current_version is not None:
        definition = current_definition(policy)
        return fields_of(definition, trackable_type(definition["entity"]), action_types())
    entities = [e for e in trackable_types() if reads_every_record(e, current_user)]
    entity = _entity(request.args.get("entity", "")) or _likely_type(entities)
    if entity is None:
        return {"entity": "", "t.count": "0"}
    return fields_of(starter(entity), entity, action_types())


def _likely_type(entities: list[EntityType]) -> EntityType | None:
    """The type a new policy most likely is for: tracked and with states, else with states,
    else the first."""
    with_states = [e for e in entities if e.states]
    tracked = [e for e in with_states if is_tracked(e.key)]
    return next(iter(tracked or with_states or entities), None)


def legacy_fields(definition: dict) -> dict:
    """A definition as the form's JSON fields (``conditions`` and ``targets`` as JSON), the
    shape the backtest page carries back to the form."""
    return {
        "name": definition.get("name", ""),
        "entity": definition.get("entity", ""),
        "order": str(definition.get("order", 100)),
        "calendar": definition.get("calendar", ""),
        "on_change": definition.get("on_change", "carry_over"),
        "active": "1" if definition.get("active", True) else "",
        "conditions": json.dumps(definition.get("conditions") or {}, ensure_ascii=False),
        "targets": json.dumps(definition.get("targets") or [], ensure_ascii=False),
    }


def definition_from_form(form) -> tuple[dict, list[str]]:
    """The policy definition the form says (the builder's fields, the JSON view's document,
    or the JSON fields ``conditions`` and ``targets``), and the problems of reading it."""
    if form.get("view") == "json":
        document, problems = read(form.get("document") or "{}", "policy")
        if problems or not isinstance(document, dict):
            return {}, problems or [_("policy: a JSON object")]
        return normal(document), []
    if "conditions" not in form and "targets" not in form:
        entity = trackable_type(form.get("entity", ""))
        return definition_of(form.to_dict(), entity, action_types())
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


def draft_values(draft: PolicyDraft) -> dict:
    """The builder's fields showing a draft."""
    return fields_of(draft.definition, trackable_type(draft.entity), action_types())


def reshaped(policy: Policy | None, command: str, draft: PolicyDraft | None = None):
    """The form after a button that is not a save: switching to the JSON view or back,
    another record type, or a row, card, level or action added or removed."""
    form = request.form
    types = action_types()
    if command == "to_builder":
        definition, problems = definition_from_form(form)
        entity = _entity(definition.get("entity", "")) if not problems else None
        if not problems and entity is None:
            problems = [_("entity: unknown entity type %(key)s", key=definition.get("entity"))]
        if problems or not isinstance(definition.get("targets"), list):
            values = {**form.to_dict(), "view": "json"}
            return form_page(policy, values, problems or [_("targets: a list")], draft=draft)
        return form_page(policy, fields_of(definition, entity, types), [], draft=draft)
    definition, problems = definition_from_form(form)
    if problems:
        return form_page(policy, form.to_dict(), problems, draft=draft)
    if command == "to_json":
        values = {k: form.get(k, "") for k in TOP_FIELDS}
        return form_page(policy, {**values, "view": "json", "document": dumped(definition)}, [])
    entity = _entity(definition.get("entity", ""))
    if entity is None:
        return form_page(policy, form.to_dict(), [], draft=draft)
    if command == "retype":
        fresh = starter(entity, definition["name"])
        fresh.update(order=definition["order"], active=definition["active"])
        definition = fresh
    else:
        definition = edit(command, definition, entity)
    return form_page(policy, fields_of(definition, entity, types), [], draft=draft)


def form_page(
    policy: Policy | None, values: dict, problems: list[str], draft: PolicyDraft | None = None
):
    """The policy form showing ``values`` and ``problems`` (422 when there are any)."""
    if values.get("view") != "json" and "t.count" not in values:
        definition, found = definition_from_form(_Form(values))
        if not found:
            values = {
                **values,
                **fields_of(definition, trackable_type(values.get("entity", "")), action_types()),
            }
        else:
            problems = problems + found
    calendars = db.session.execute(db.select(Calendar.name).order_by(Calendar.name)).scalars()
    entities = [e for e in trackable_types() if reads_every_record(e, current_user)]
    entity = trackable_type(values.get("entity", ""))
    types = action_types()
    return render_template(
        "sla/admin/policy_form.html",
        policy=policy,
        draft=draft,
        pending=draft_of(policy) if policy is not None and draft is None else None,
        values=values,
        problems=problems,
        beside=problems_beside(problems),
        calendars=list(calendars),
        entities=entities,
        entity=entity,
        fields=condition_fields(entity),
        start_states=states(entity, True),
        other_states=states(entity, False),
        types=types,
        options=action_options(types),
        recipients=recipients(),
        op_labels=OP_LABELS,
        option_labels=OPTION_LABELS,
        labelled=lambda cs: [(c, str(OPTION_LABELS.get(c, c))) for c in cs],
        on_change_labels=ON_CHANGE_LABELS,
        count=_count_of(values),
        backtest_period=default_period(),
    ), (422 if problems else 200)


def _count_of(values: dict):
    def count(key: str) -> range:
        try:
            return range(max(0, min(int(values.get(key) or 0), 200)))
        except ValueError:
            return range(0)

    return count


class _Form(dict):
    """A plain dict read like the request's form."""

    def to_dict(self) -> dict:
        return dict(self)


def drafted_by(draft: PolicyDraft) -> dict:
    """Who saved the draft and how long ago, in the viewer's language."""
    user = db.session.get(User, draft.created_by) if draft.created_by else None
    return {
        "who": user.name if user else _("someone"),
        "ago": format_timedelta(utcnow() - draft.updated_at, add_direction=True),
    }
