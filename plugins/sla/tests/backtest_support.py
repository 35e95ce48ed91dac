"""Last month's desk requests for the backtest tests: three answered in 40, 50 and 90 working
minutes (one goal of 60 minutes: two met, one met late)."""

from __future__ import annotations

from core.db import db
from plugins.sla.tests.helpers import move, new_request


def respond_in(minutes: int) -> list[dict]:
    """The targets of a policy answering requests in ``minutes`` working minutes."""
    return [
        {
            "name": "Respond",
            "start": ["created"],
            "stop": ["open", "done"],
            "cancel": ["cancelled"],
            "minutes": minutes,
        }
    ]


def month_of_requests(clock_at, owner_id: int | None = None) -> dict[str, int]:
    """Three requests of the care team created on 2 November 2026 at 09:00 (Vietnam) and
    opened 40, 50 and 90 minutes later; time is left at 10 December 2026."""
    made = {}
    for minutes in (40, 50, 90):
        clock_at("2026-11-02T09:00")
        request = new_request(subject=f"Answered in {minutes}", team="care", owner_id=owner_id)
        db.session.commit()
        clock_at(f"2026-11-02T{9 + minutes // 60:02d}:{minutes % 60:02d}")
        move(request, "open")
        db.session.commit()
        made[request.subject] = request.id
    clock_at("2026-12-10T10:00")
    return made
