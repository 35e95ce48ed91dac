"""What SLA reads when a record moves: its current clocks with their policy version and the
version's targets, in one statement whatever the number of targets; a clock's own target and
calendar come from those rows, not from more queries (docs/performance.md, "Transitions")."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from core.db import db
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, move, new_request

#: SELECTs on the SLA tables when a request with running clocks moves (the tracking switch,
#: the clocks with their version and its targets)
SLA_READS = 2


def _targets(count: int) -> list[dict]:
    """``count`` targets started on creation and met on ``done``; every other one has its own
    calendar (its clock's calendar is then not the version's)."""
    return [
        {
            "name": f"Goal {number}",
            "start": ["created"],
            "pause": ["open"],
            "stop": ["done"],
            "minutes": 60 * (number + 1),
            **({"calendar": "24/7"} if number % 2 else {}),
        }
        for number in range(count)
    ]


@contextmanager
def sla_reads():
    """The SELECT statements on ``sla_`` tables sent inside the block."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        head = statement.lstrip().upper()
        if head.startswith("SELECT") and " SLA_" in head.split(" WHERE ")[0]:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _reads_of_one_move(count: int, state: str) -> tuple[list[str], dict]:
    configure(desk_policy(targets=_targets(count)))
    record_id = new_request().id
    db.session.commit()
    db.session.remove()  # a new request's session: nothing of SLA read yet
    record = db.session.get(_desk_model(), record_id)
    with sla_reads() as seen:
        move(record, state)
    db.session.remove()
    record = db.session.get(_desk_model(), record_id)
    return seen, clocks_of(record)


def _desk_model():
    from core.records import entity_type

    return entity_type("desk.request").model


@pytest.mark.parametrize("state", ["open", "done"])
def test_a_move_reads_the_clocks_in_the_same_statements_whatever_the_targets(
    sla_app, clock_at, state
):
    clock_at("2026-12-07T09:00")
    few, _ = _reads_of_one_move(1, state)
    many, clocks = _reads_of_one_move(4, state)
    assert len(many) == len(few) <= SLA_READS, "\n".join(many)
    assert len(clocks) == 4
    expected = {"open": "paused", "done": "met"}[state]
    assert {c.state for c in clocks.values()} == {expected}
    calendars = {name: clock.calendar.name for name, clock in clocks.items()}
    assert calendars == {
        "Goal 0": "VN office",
        "Goal 1": "24/7",
        "Goal 2": "VN office",
        "Goal 3": "24/7",
    }
    assert all(clock.target.name == name for name, clock in clocks.items())
