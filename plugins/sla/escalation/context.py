"""What an escalation action is given when it runs, and what it answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.entities import EntityType
from plugins.sla.models import Clock, Escalation

DONE, FAILED, NO_RECIPIENT, QUEUED = "done", "failed", "no_recipient", "queued"


@dataclass
class Outcome:
    """How one action went: ``done``, ``failed`` (with ``error``), ``no_recipient``, or
    ``queued`` (work that leaves the database, such as a webhook call, finishes after the
    commit and updates this outcome). ``detail`` holds facts for the timeline: recipients,
    the new owner, the incident id."""

    status: str = DONE
    detail: dict = field(default_factory=dict)
    error: str | None = None

    def as_json(self, action_type: str) -> dict:
        return {
            "type": action_type,
            "status": self.status,
            "detail": self.detail,
            "error": self.error,
        }


@dataclass
class EscalationContext:
    """One level of one clock firing, inside the transaction that records it.

    ``escalation`` is the stored (flushed) firing row; ``index`` the position of the running
    action among the level's actions. ``minutes_over`` is the working time past the goal at
    ``now`` (negative: time left). ``url`` is the record's page (a path), ``title`` its title.
    Runners change records through ``core.records`` with ``commit=False``: the job commits once,
    after every action ran. ``replay`` is true when a history is being replayed (the demo's):
    the level fired long ago, so nobody is to be told now and nothing leaves the database;
    runners store what they did as dated ``now`` (the instant the level was reached).
    """

    entity: EntityType
    record: Any
    clock: Clock
    escalation: Escalation
    percent: float
    now: datetime
    minutes_over: float
    url: str
    title: str
    index: int = 0
    replay: bool = False

    @property
    def breached(self) -> bool:
        return self.percent >= 100
