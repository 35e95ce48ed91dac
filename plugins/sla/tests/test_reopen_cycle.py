"""When a move out of a stop state reopens a met target (a new cycle) and when it only moves on."""

from __future__ import annotations

from core import records
from core.db import db
from plugins.sla.config_store import apply
from plugins.sla.demo import FIRST_RESPONSE, POLICIES, RESOLVE, STANDARD_TICKETS
from plugins.sla.models import Clock
from plugins.sla.models.clock import MET, RUNNING
from plugins.sla.switches import set_tracking
from plugins.sla.tests.conftest import ALWAYS, OFFICE, configure, desk_policy
from plugins.sla.tests.helpers import all_clocks, events_of, move, new_request


def _cycles(clocks: list[Clock], target: str) -> list[tuple[int, str, bool]]:
    return [(c.cycle, c.state, c.current) for c in clocks if c.target_name == target]


def test_a_request_done_from_its_first_state_and_reopened_restarts_resolve(sla_app, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "done")
    clock_at("2026-12-07T10:00")
    move(request, "open")
    clocks = all_clocks(request)
    assert _cycles(clocks, "Resolve") == [(1, MET, False), (2, RUNNING, True)]
    assert _cycles(clocks, "Respond") == [(1, MET, True)]  # "open" meets Respond again


def test_moving_on_from_a_stop_state_is_not_a_reopen(sla_app, clock_at):
    configure(desk_policy())  # Respond stops on "open"; "waiting" comes after it
    clock_at("2026-12-07T09:00")
    request = new_request()
    move(request, "open")
    move(request, "waiting")
    assert _cycles(all_clocks(request), "Respond") == [(1, MET, True)]
    assert "reopened" not in {e.kind for e in events_of(request)}


def _ticket_clocks(ticket) -> list[Clock]:
    return list(
        db.session.execute(
            db.select(Clock)
            .where(Clock.entity == "crm.ticket", Clock.record_id == ticket.id)
            .order_by(Clock.id)
        ).scalars()
    )


def _new_ticket():
    """A ticket under the demo's "Standard tickets" policy (its states as crm declares them)."""
    policy = next(p for p in POLICIES if p["name"] == STANDARD_TICKETS)
    apply({"calendars": [OFFICE, ALWAYS], "policies": [policy]})
    set_tracking("crm.ticket", True)
    customer = records.create("crm.customer", {"name": "Công ty An Phát"})
    return records.create("crm.ticket", {"subject": "Late delivery", "customer_id": customer.id})


def test_a_ticket_resolved_at_first_contact_and_reopened_restarts_resolve(sla_app, clock_at):
    clock_at("2026-12-07T09:00")
    ticket = _new_ticket()
    records.transition("crm.ticket", ticket, "resolved")
    clock_at("2026-12-07T10:00")
    records.transition("crm.ticket", ticket, "open")
    clocks = _ticket_clocks(ticket)
    assert _cycles(clocks, RESOLVE) == [(1, MET, False), (2, RUNNING, True)]
    assert _cycles(clocks, FIRST_RESPONSE) == [(1, MET, True)]


def test_a_closed_ticket_reopened_restarts_resolve(sla_app, clock_at):
    clock_at("2026-12-07T09:00")
    ticket = _new_ticket()
    for state in ("open", "resolved", "closed", "open"):
        records.transition("crm.ticket", ticket, state)
    clocks = _ticket_clocks(ticket)
    assert _cycles(clocks, RESOLVE) == [(1, MET, False), (2, RUNNING, True)]
