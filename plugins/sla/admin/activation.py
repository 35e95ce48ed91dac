"""What the policy form adds when a save switches a policy off or on: deactivating one that
governs running clocks first asks to confirm (saying how many are cancelled), and a policy
added or activated for a tracked type with open records without clocks offers to backfill
them on the tracking page."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from core.db import db
from plugins.sla.catch_up import waiting_count
from plugins.sla.ending import count_of_policy
from plugins.sla.models import Policy
from plugins.sla.readable import reads_every_record
from plugins.sla.switches import is_tracked, trackable_type


def deactivation_question(policy: Policy | None, definition: dict):
    """The confirmation page when this save deactivates ``policy`` while it governs running
    or paused clocks and the form was not confirmed; None otherwise."""
    if policy is None or not policy.active or definition["active"]:
        return None
    if request.form.get("confirm_deactivate") == "1":
        return None
    count = count_of_policy(policy.id)
    if not count:
        return None
    fields = {k: v for k, v in request.form.items() if k != "csrf_token"}
    return render_template(
        "sla/admin/confirm.html",
        title=_("Deactivate policy %(name)s?", name=policy.name),
        message=ngettext(
            "%(num)d running or paused clock of this policy is cancelled now and its "
            "escalations no longer fire. Met and breached outcomes are kept.",
            "%(num)d running or paused clocks of this policy are cancelled now and their "
            "escalations no longer fire. Met and breached outcomes are kept.",
            count,
        ),
        action=request.path,
        fields={**fields, "confirm_deactivate": "1"},
        button=_("Deactivate and save"),
        danger=True,
        back=url_for("sla.policy_view", policy_id=policy.id),
    )


def offer_backfill(policy: Policy, active_before: set[int]) -> None:
    """After a save that added or activated ``policy``: say how many open records of its
    (tracked) type have no clock, and where to give them theirs."""
    if not policy.active or policy.id in active_before or not is_tracked(policy.entity):
        return
    entity = trackable_type(policy.entity)
    if entity is None or not reads_every_record(entity, current_user):
        return
    db.session.flush()
    count = waiting_count(entity)
    if count:
        flash(
            ngettext(
                "%(num)d open record of %(label)s has no clock: give it its clocks on the "
                "SLA tracking page.",
                "%(num)d open records of %(label)s have no clock: give them their clocks on "
                "the SLA tracking page.",
                count,
                label=entity.label_plural,
            ),
            "info",
        )
