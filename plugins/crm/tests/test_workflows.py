"""Every legal and every illegal move of the lead and ticket workflows."""

from __future__ import annotations

import pytest

from core import records
from core.db import db
from core.errors import TransitionError
from plugins.crm.entities import LEAD_STATES, LEAD_TRANSITIONS, TICKET_STATES, TICKET_TRANSITIONS

TICKET_MOVES = [(t.source, t.target) for t in TICKET_TRANSITIONS]
LEAD_MOVES = [(t.source, t.target) for t in LEAD_TRANSITIONS]


def _allowed(moves, source):
    return sorted(target for src, target in moves if src == source)


def _place(key: str, record_id: int, state: str):
    """Put a record in ``state`` directly (test set-up), then return it fresh."""
    record = records.get_record(key, record_id)
    record.state = state
    db.session.commit()
    return records.get_record(key, record_id)


@pytest.mark.parametrize(("source", "target"), TICKET_MOVES)
def test_ticket_legal_move(app, new_ticket, agent, source, target):
    ticket_id = new_ticket()
    with app.app_context():
        ticket = _place("crm.ticket", ticket_id, source)
        records.transition("crm.ticket", ticket, target, agent)
        assert records.get_record("crm.ticket", ticket_id).state == target


@pytest.mark.parametrize("source", [s.name for s in TICKET_STATES])
def test_ticket_illegal_moves_name_the_allowed_ones(app, new_ticket, agent, source):
    ticket_id = new_ticket()
    with app.app_context():
        ticket = _place("crm.ticket", ticket_id, source)
        for target in [s.name for s in TICKET_STATES]:
            if (source, target) in TICKET_MOVES:
                continue
            with pytest.raises(TransitionError) as caught:
                records.transition("crm.ticket", ticket, target, agent)
            assert sorted(caught.value.allowed) == _allowed(TICKET_MOVES, source)
            assert records.get_record("crm.ticket", ticket_id).state == source


@pytest.mark.parametrize(("source", "target"), LEAD_MOVES)
def test_lead_legal_move(app, seller, source, target):
    with app.app_context():
        lead_id = records.create("crm.lead", {"contact_name": "Nguyễn Văn An"}, seller).id
        lead = _place("crm.lead", lead_id, source)
        records.transition("crm.lead", lead, target, seller)
        assert records.get_record("crm.lead", lead_id).state == target


@pytest.mark.parametrize("source", [s.name for s in LEAD_STATES])
def test_lead_illegal_moves_name_the_allowed_ones(app, seller, source):
    with app.app_context():
        lead_id = records.create("crm.lead", {"contact_name": "Nguyễn Văn An"}, seller).id
        lead = _place("crm.lead", lead_id, source)
        for target in [s.name for s in LEAD_STATES]:
            if (source, target) in LEAD_MOVES:
                continue
            with pytest.raises(TransitionError) as caught:
                records.transition("crm.lead", lead, target, seller)
            assert sorted(caught.value.allowed) == _allowed(LEAD_MOVES, source)


def test_new_records_start_new(app, new_ticket, seller):
    ticket_id = new_ticket()
    with app.app_context():
        assert records.get_record("crm.ticket", ticket_id).state == "new"
        assert records.create("crm.lead", {"contact_name": "An"}, seller).state == "new"


def test_final_states(app):
    with app.app_context():
        assert records.entity_type("crm.ticket").final_states == {"closed"}
        assert records.entity_type("crm.lead").final_states == {"won", "lost"}


def test_a_lead_reaches_won_through_contact_and_qualification(app, seller):
    with app.app_context():
        lead = records.create("crm.lead", {"contact_name": "An"}, seller)
        for state in ("contacted", "qualified", "won"):
            records.transition("crm.lead", lead, state, seller)
        assert lead.state == "won"
