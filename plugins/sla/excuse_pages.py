"""The SLA panel's buttons for excusing a breach and withdrawing the excuse (``sla.excuse``):
each answers by going back to the record's page with a message."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import requires
from core.db import db
from core.errors import BusinessRuleError, ValidationError
from core.ui.links import record_url
from plugins.sla import excuses
from plugins.sla.views import bp

#: what the form says of each refused field
FIELD_PROBLEMS = {
    "cause": lambda: _("Choose why the deadline was missed."),
    "reason": lambda: _(
        "Say what happened (required when the cause is 'other', at most %(n)d characters).",
        n=excuses.MAX_REASON,
    ),
}


@bp.post("/clocks/<int:clock_id>/excuse")
@requires(excuses.PERMISSION)
def excuse_breach(clock_id: int):
    """Excuse a breach from the record's SLA panel."""
    entity, record = excuses.readable_clock(clock_id, current_user)
    back = record_url(entity, record)
    try:
        clock = excuses.excuse(
            clock_id, request.form.get("cause"), request.form.get("reason"), current_user
        )
        db.session.commit()
    except ValidationError as exc:
        db.session.rollback()
        for field in exc.fields:
            problem = FIELD_PROBLEMS.get(field)
            flash(problem() if problem else field, "danger")
        return redirect(back)
    except BusinessRuleError:
        db.session.rollback()
        flash(_("This breach is excused already, or is not a breach."), "warning")
        return redirect(back)
    flash(
        _(
            "The breach of %(target)s is excused (%(cause)s).",
            target=clock.target_name,
            cause=excuses.cause_label(clock.excused_cause),
        ),
        "success",
    )
    return redirect(back)


@bp.post("/clocks/<int:clock_id>/withdraw")
@requires(excuses.PERMISSION)
def withdraw_excuse(clock_id: int):
    """Withdraw an excuse from the record's SLA panel: the breach counts again."""
    entity, record = excuses.readable_clock(clock_id, current_user)
    back = record_url(entity, record)
    try:
        clock = excuses.withdraw(clock_id, current_user)
        db.session.commit()
    except BusinessRuleError:
        db.session.rollback()
        flash(_("This breach is not excused (any more)."), "warning")
        return redirect(back)
    flash(
        _(
            "The excuse of %(target)s is withdrawn; the breach counts again.",
            target=clock.target_name,
        ),
        "success",
    )
    return redirect(back)
