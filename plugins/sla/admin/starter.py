"""The policy a new one starts from, fitted to its record type: a first target that starts when
a record is created, is met in the type's final states (and those it marks as done), is
cancelled in its cancelled states, with a working day's goal, warnings and a first
escalation; on the calendar the type's other policies use, else the first office calendar."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _

from core.db import db
from core.entities import EntityType
from plugins.sla.labels import CREATED
from plugins.sla.models import Calendar, Policy
from plugins.sla.models.calendar import WEEKDAYS

#: the goal a new target starts with: one working day
FIRST_GOAL = 480
#: names a record type gives to the states where a record is dropped rather than done
CANCEL_NAMES = ("cancelled", "canceled", "void", "withdrawn")


def cancel_states(entity: EntityType) -> list[str]:
    """The states where a record is dropped (final, called cancelled or shown as such)."""
    return [
        s.name for s in entity.states if s.final and (s.name in CANCEL_NAMES or s.tone == "dark")
    ]


def done_states(entity: EntityType) -> list[str]:
    """The states that meet a first target: the final ones that are not cancellations, and
    the ones the type shows as a success before its end (a ticket's "resolved"); failing
    those, the last state of its workflow that is not a cancellation."""
    dropped = set(cancel_states(entity))
    kept = [s for s in entity.states if s.name not in dropped]
    done = [s.name for s in kept if s.final or s.tone == "success"]
    return done or [s.name for s in kept[-1:]]


def starting_calendar(entity_key: str) -> str:
    """The calendar the type's policies use most, else the first office calendar by name
    (one that is not open around the clock), else the first calendar."""
    used = Counter(
        p.current_version.calendar.name
        for p in db.session.execute(db.select(Policy).where(Policy.entity == entity_key)).scalars()
        if p.current_version is not None
    )
    if used:
        return used.most_common(1)[0][0]
    calendars = db.session.execute(db.select(Calendar).order_by(Calendar.name)).scalars().all()
    office = [c for c in calendars if not _around_the_clock(c)]
    chosen = (office or calendars or [None])[0]
    return chosen.name if chosen is not None else ""


def _around_the_clock(calendar: Calendar) -> bool:
    week = calendar.week or {}
    return all(week.get(day) == ["00:00-24:00"] for day in WEEKDAYS)


def starter(entity: EntityType, name: str = "") -> dict:
    """A new policy's definition for ``entity`` (as the builder shows it)."""
    done = done_states(entity)
    first = entity.state(done[0]) if done else None
    return {
        "name": name,
        "entity": entity.key,
        "order": 100,
        "active": True,
        "conditions": {},
        "calendar": starting_calendar(entity.key),
        "on_change": "carry_over",
        "targets": [
            {
                "name": first.text if first else _("Resolve"),
                "start": [CREATED],
                "pause": [],
                "stop": done,
                "cancel": cancel_states(entity),
                "minutes": FIRST_GOAL,
                "warn": [50, 80],
                "escalations": [
                    {"at": 100, "actions": [{"type": "notify", "to": ["responsible", "manager"]}]}
                ],
            }
        ],
    }
