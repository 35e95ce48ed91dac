"""What a move into a final state will do to a record's SLA clocks, said before it is confirmed
(the ``transition_consequences`` hook): which running or paused clocks it cancels, which
targets it meets (on time or late), which it pauses, and which would keep running.

It reads the clocks and the targets' rules as ``plugins.sla.lifecycle`` will apply them and
changes nothing."""

from __future__ import annotations

from typing import Any

from flask_babel import ngettext

from core.db import utcnow
from core.entities import EntityType
from plugins.sla.clocks import spent_at
from plugins.sla.lifecycle import current_clocks
from plugins.sla.models import Clock
from plugins.sla.models.clock import ACTIVE
from plugins.sla.switches import is_tracked

CANCEL, MEET, MEET_LATE, PAUSE, KEEP = "cancel", "meet", "meet_late", "pause", "keep"


def outcome(clock: Clock, to_state: str, now) -> str:
    """What entering ``to_state`` does to a running or paused ``clock`` (its target's stop,
    cancel and pause rules, in the order the lifecycle applies them)."""
    target = clock.target
    if to_state in target.stop:
        late = clock.breached_at is not None or (spent_at(clock, now) > clock.goal_minutes + 1e-9)
        return MEET_LATE if late else MEET
    if to_state in target.cancel:
        return CANCEL
    if to_state in target.pause:
        return PAUSE
    return KEEP


def _sentence(kind: str, names: list[str]) -> str:
    num, listed = len(names), ", ".join(names)
    if kind == CANCEL:
        return ngettext(
            "%(num)d running SLA clock will be cancelled: %(names)s",
            "%(num)d running SLA clocks will be cancelled: %(names)s",
            num,
            names=listed,
        )
    if kind == MEET:
        return ngettext(
            "%(num)d SLA target will be met by this move: %(names)s",
            "%(num)d SLA targets will be met by this move: %(names)s",
            num,
            names=listed,
        )
    if kind == MEET_LATE:
        return ngettext(
            "%(num)d SLA target will be met late, past its deadline: %(names)s",
            "%(num)d SLA targets will be met late, past their deadlines: %(names)s",
            num,
            names=listed,
        )
    if kind == PAUSE:
        return ngettext(
            "%(num)d SLA clock will be paused: %(names)s",
            "%(num)d SLA clocks will be paused: %(names)s",
            num,
            names=listed,
        )
    return ngettext(
        "%(num)d SLA clock will keep running, since its policy does not stop it in this "
        "state: %(names)s",
        "%(num)d SLA clocks will keep running, since their policy does not stop them in this "
        "state: %(names)s",
        num,
        names=listed,
    )


def transition_consequences(entity: EntityType, record: Any, to_state: str) -> list[str]:
    """Sentences saying what moving ``record`` to ``to_state`` does to its current running
    and paused clocks (none for an untracked type or a record without such clocks)."""
    if not is_tracked(entity.key):
        return []
    now = utcnow()
    grouped: dict[str, list[str]] = {}
    clocks = sorted(current_clocks(entity.key, record.id).values(), key=lambda c: c.id)
    for clock in clocks:
        if clock.state in ACTIVE:
            grouped.setdefault(outcome(clock, to_state, now), []).append(clock.target_name)
    order = (CANCEL, MEET_LATE, MEET, PAUSE, KEEP)
    return [_sentence(kind, grouped[kind]) for kind in order if kind in grouped]
