"""Excusing a breach: a missed deadline caused from outside (the customer, a carrier, the
network, force majeure) is marked excused with its cause and the excuser's words, counted apart
from compliance, and can be withdrawn.

Only a breached clock (``breached_at`` set) can be excused. The incidents its escalations
recorded for that cycle are marked ``excused_at`` (kept, never deleted) and unmarked when the
excuse is withdrawn. Each step writes a clock event (``excused`` / ``excuse_withdrawn``) that the
SLA timeline tells in the viewer's language with who, when, the cause and the text.

The record, then the clock, are locked (the order the escalation job and people's changes take
them), and the clock is read again under the lock: of two clicks or two concurrent requests,
one excuses and the other is told it is excused already.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, update

from core import records
from core.db import db, utcnow
from core.errors import BusinessRuleError, NotFound, ValidationError
from core.locks import locked_rows
from plugins.sla.clocks import record_event
from plugins.sla.models import Clock, Escalation, Incident
from plugins.sla.models.clock import EXCUSE_CAUSES
from plugins.sla.readable import visible_record

#: the cause of an excuse as people read it
CAUSE_LABELS = {
    "customer_delay": _l("customer delay"),
    "carrier_failure": _l("carrier failure"),
    "network_outage": _l("network outage"),
    "force_majeure": _l("force majeure"),
    "other": _l("other"),
}
#: the longest text an excuse keeps
MAX_REASON = 2000
PERMISSION = "sla.excuse"


def cause_label(cause: str | None) -> str:
    """The viewer's words for an excuse's cause (the key itself when unknown)."""
    label = CAUSE_LABELS.get(cause or "")
    return str(label) if label is not None else (cause or "")


def check_excuse(cause: Any, reason: Any) -> tuple[str, str]:
    """The cause and the trimmed text of an excuse, or ValidationError naming the field."""
    if cause not in EXCUSE_CAUSES:
        raise ValidationError({"cause": f"one of {', '.join(EXCUSE_CAUSES)}"})
    if reason is not None and not isinstance(reason, str):
        raise ValidationError({"reason": "text"})
    text = (reason or "").strip()
    if cause == "other" and not text:
        raise ValidationError({"reason": "say what happened: the cause is 'other'"})
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": f"at most {MAX_REASON} characters"})
    return cause, text


def readable_clock(clock_id: int, user: Any) -> tuple[Any, Any]:
    """``(entity type, record)`` of clock ``clock_id`` if ``user`` may read its record; NotFound
    otherwise, in the same words as for a clock that does not exist."""
    found = db.session.execute(
        db.select(Clock.entity, Clock.record_id).where(Clock.id == clock_id)
    ).first()
    registry = current_app.extensions["nhip"].entities
    if found is not None and found.entity in registry:
        entity = registry.get(found.entity)
        record = visible_record(entity, found.record_id, user)
        if record is not None:
            return entity, record
    raise NotFound(f"no SLA clock with id {clock_id}")


def _locked_clock(clock_id: int, user: Any) -> Clock:
    """The clock, read again and locked after its record (see the module docstring)."""
    entity, record = readable_clock(clock_id, user)
    records.lock(entity, record)
    rows = locked_rows(Clock, Clock.id == clock_id)
    if not rows:
        raise NotFound(f"no SLA clock with id {clock_id}")
    return rows[0]


def excuse(clock_id: int, cause: Any, reason: Any, user: Any, now: datetime | None = None) -> Clock:
    """Excuse the breach of clock ``clock_id`` (in the caller's transaction): its cause (one of
    ``EXCUSE_CAUSES``; ``other`` needs a text) and ``reason``; marks its incidents excused."""
    cause, text = check_excuse(cause, reason)
    clock = _locked_clock(clock_id, user)
    if clock.breached_at is None:
        raise BusinessRuleError("only a breached clock can be excused; this one is not breached")
    if clock.excused_at is not None:
        raise BusinessRuleError("this breach is excused already; withdraw the excuse first")
    now = now or utcnow()
    clock.excused_cause, clock.excused_reason = cause, text or None
    clock.excused_by, clock.excused_at = user.id, now
    _mark_incidents(clock, now)
    record_event(
        clock,
        "excused",
        f"breach excused: {cause}" + (f": {text}" if text else ""),
        now,
        actor_id=user.id,
        data={"cause": "excused", "excuse": cause, "text": text, "by": person_name(user)},
    )
    return clock


def withdraw(clock_id: int, user: Any, now: datetime | None = None) -> Clock:
    """Withdraw the excuse of clock ``clock_id``: it counts as a breach again, and its
    incidents are no longer marked excused."""
    clock = _locked_clock(clock_id, user)
    if clock.excused_at is None:
        raise BusinessRuleError("this breach is not excused")
    now = now or utcnow()
    cause = clock.excused_cause
    clock.excused_cause = clock.excused_reason = None
    clock.excused_by = clock.excused_at = None
    _mark_incidents(clock, None)
    record_event(
        clock,
        "excuse_withdrawn",
        f"excuse withdrawn (it was {cause})",
        now,
        actor_id=user.id,
        data={"cause": "withdrawn", "excuse": cause, "by": person_name(user)},
    )
    return clock


def _mark_incidents(clock: Clock, when: datetime | None) -> None:
    """Set (or clear) ``excused_at`` on the incidents of this clock's breach: those its levels
    of this cycle recorded, found by their escalation, or by record, target and cycle when the
    escalation row is gone."""
    fired = db.select(Escalation.id).where(
        Escalation.clock_id == clock.id, Escalation.cycle == clock.cycle
    )
    same_breach = or_(
        Incident.escalation_id.in_(fired),
        and_(
            Incident.escalation_id.is_(None),
            Incident.entity == clock.entity,
            Incident.record_id == clock.record_id,
            Incident.target == clock.target_name,
            Incident.cycle == clock.cycle,
        ),
    )
    db.session.execute(
        update(Incident).where(same_breach).values(excused_at=when),
        execution_options={"synchronize_session": False},
    )


def person_name(user: Any) -> str:
    """How a person is named on the timeline: their name, else their e-mail."""
    return getattr(user, "name", None) or getattr(user, "email", None) or str(user.id)


def may_excuse(user: Any) -> bool:
    """Whether ``user`` holds ``sla.excuse``."""
    from core.auth import has_permission

    return has_permission(PERMISSION, user)


def excuse_json(clock: Clock, names: dict[int, str] | None = None) -> dict | None:
    """The excuse of ``clock`` as the API shows it, or None when it is not excused."""
    if clock.excused_at is None:
        return None
    return {
        "cause": clock.excused_cause,
        "reason": clock.excused_reason or "",
        "by": clock.excused_by,
        "by_name": (names or {}).get(clock.excused_by) if clock.excused_by else None,
        "at": clock.excused_at.isoformat(),
    }
