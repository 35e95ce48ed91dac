"""``incident``: record the missed deadline against the responsible person, for HR.

Configuration: ``severity`` (``minor`` by default, or ``major``) and ``bonus_impact``
(``true`` when it counts against the person's bonus; ``false`` by default). The incident is an
``sla.incident`` record: listed under SLA incidents and shown on the person's employee page.
"""

from __future__ import annotations

from flask import current_app

from core import records
from core.db import db
from plugins.sla.escalation.actions.recipients import responsible
from plugins.sla.escalation.context import DONE, EscalationContext, Outcome
from plugins.sla.models import Incident

SEVERITIES = ("minor", "major")


def validate(config: dict) -> list[str]:
    errors = []
    if config.get("severity", "minor") not in SEVERITIES:
        errors.append("severity: minor or major")
    if not isinstance(config.get("bonus_impact", False), bool):
        errors.append("bonus_impact: true or false")
    return errors


def run(context: EscalationContext, config: dict) -> Outcome:
    person = responsible(context)
    department = (
        context.entity.responsible_department_of(context.record)
        or context.clock.responsible_department
    )
    if department is None and person is not None:
        department = current_app.extensions["nhip"].hook.user_department(user_id=person)
    incident = Incident(
        user_id=person,
        department=department,
        entity=context.entity.key,
        record_id=context.record.id,
        target=context.clock.target_name,
        cycle=context.clock.cycle,
        level=context.percent,
        severity=config.get("severity") or "minor",
        bonus_impact=bool(config.get("bonus_impact", False)),
        escalation_id=context.escalation.id,
        created_at=context.now,
    )
    db.session.add(incident)
    db.session.flush()
    host = current_app.extensions["nhip"]
    if "sla.incident" in host.entities:
        records.audit(host.entities.get("sla.incident"), incident, "created")
    return Outcome(
        DONE,
        {
            "incident_id": incident.id,
            "user_id": person,
            "severity": incident.severity,
            "bonus_impact": incident.bonus_impact,
        },
    )
