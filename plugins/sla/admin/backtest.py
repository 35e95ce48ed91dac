"""The Backtest button of the policy form: the draft as typed (not saved) run over a period's
records, what actually happened beside what it would have given (``plugins.sla.backtest``).
The results page carries the draft, so that the admin goes back to the form, or saves it,
without typing it again."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from core.auth import requires
from core.db import db, utcnow
from core.i18n import viewer_zone
from plugins.sla.admin.policies import form_page, form_problems
from plugins.sla.admin.policy_form import legacy_fields
from plugins.sla.backtest import run
from plugins.sla.backtest.draft import Draft
from plugins.sla.backtest.outcomes import RESULTS, outcome_label
from plugins.sla.backtest.period import read_period
from plugins.sla.backtest.run import backtest
from plugins.sla.backtest.table import percent
from plugins.sla.models import Policy
from plugins.sla.switches import trackable_type
from plugins.sla.views import bp

#: the policy form's fields, carried by the results page
DRAFT_FIELDS = (
    "name",
    "entity",
    "order",
    "calendar",
    "on_change",
    "active",
    "conditions",
    "targets",
)


@bp.post("/policies/backtest")
@requires("sla.admin")
def policy_backtest_new():
    """Backtest the draft of a new policy."""
    return _backtest(None)


@bp.post("/policies/<int:policy_id>/backtest")
@requires("sla.admin")
def policy_backtest(policy_id: int):
    """Backtest the draft of a policy being edited (it replaces the policy in the run)."""
    return _backtest(db.session.get(Policy, policy_id) or abort(404))


def _backtest(policy: Policy | None):
    values = request.form.to_dict()
    if request.form.get("to") == "form":
        return form_page(policy, values, [])
    definition, problems = form_problems(request.form, policy)
    zone = viewer_zone()
    today = utcnow().astimezone(zone).date()
    period, wrong = read_period(values.get("since"), values.get("until"), today, zone)
    problems += wrong
    if problems:
        return form_page(policy, values, problems)
    draft = Draft({"policies": [definition]}, definition["name"], policy.id if policy else None)
    result = backtest(trackable_type(definition["entity"]), draft, period, run.PAGE_CAP)
    policy = db.session.get(Policy, policy.id) if policy is not None else None
    return render_template(
        "sla/admin/backtest.html",
        policy=policy,
        result=result,
        values={**values, **legacy_fields(definition)},
        draft_fields=DRAFT_FIELDS,
        results=RESULTS,
        outcome_label=outcome_label,
        percent=percent,
        cap=run.CAP,
        title=_("Backtest of %(name)s", name=definition["name"]),
    )
