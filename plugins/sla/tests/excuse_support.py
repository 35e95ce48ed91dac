"""A desk request whose Resolve target is breached, with the incident its breach recorded, and
the people who look at it: for the excused-breach tests."""

from __future__ import annotations

from core.db import db
from plugins.sla.escalation.sweep import sweep
from plugins.sla.models import Clock, Incident
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, new_request

RESOLVE = {
    "name": "Resolve",
    "start": ["created"],
    "pause": ["waiting"],
    "stop": ["done"],
    "cancel": ["cancelled"],
    "minutes": 60,
    "escalations": [{"at": 100, "actions": [{"type": "incident", "severity": "major"}]}],
}
RESPOND = {
    "name": "Respond",
    "start": ["created"],
    "stop": ["open", "done"],
    "minutes": 480,
}


def configure_breachable() -> None:
    """Desk requests tracked under a policy whose Resolve breach records an incident."""
    configure(desk_policy(targets=[RESPOND, RESOLVE]))


def breached(clock_at, owner: int | None = None, subject: str = "Printer on fire") -> Clock:
    """A request created Monday 09:00 and left until 11:00: Resolve (1 h) is breached and its
    incident recorded by the sweep; Respond (8 h) is not. Returns the Resolve clock."""
    clock_at("2026-12-07T09:00")
    request = new_request(owner_id=owner, subject=subject)
    clock_at("2026-12-07T11:00")
    sweep()
    db.session.commit()
    clock = clocks_of(request)["Resolve"]
    assert clock.breached_at is not None
    return clock


def incidents_of(clock: Clock) -> list[Incident]:
    return list(
        db.session.execute(
            db.select(Incident)
            .where(Incident.entity == clock.entity, Incident.record_id == clock.record_id)
            .order_by(Incident.id)
        ).scalars()
    )
