"""What became of each target on each record: read from clocks, the same way for the real ones
and for those a draft policy gave in a backtest.

A target's outcome in one cycle is its latest clock's (a retargeted clock is replaced by the
one started under the new policy): ``met`` on time, ``met_late``, ``breached`` (still open and
past its goal), ``open`` (still within it), ``cancelled``, or ``excused`` (a breach excused as
caused from outside: ``Clock.excused_at``). Compliance is met on time over met, met late and
breached; excused breaches are counted apart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from core.db import db
from plugins.sla.clocks import spent_at
from plugins.sla.escalation.levels import BREACH, ladder
from plugins.sla.labels import status_label
from plugins.sla.models import Clock
from plugins.sla.models.clock import ACTIVE, CANCELLED, MET, MET_LATE, RUNNING

BREACHED, OPEN, EXCUSED, NONE = "breached", "open", "excused", "none"
#: outcomes that are a breach of the goal (an excused breach is not one of them)
LATE = (MET_LATE, BREACHED)
#: outcomes compliance counts
COUNTED = (MET, MET_LATE, BREACHED)
#: every outcome, in the order tables show them
RESULTS = (MET, MET_LATE, BREACHED, EXCUSED, OPEN, CANCELLED)
#: the words for the outcomes that are no clock status
LABELS = {OPEN: _l("open, in time"), EXCUSED: _l("breach excused"), NONE: _l("no clock")}


def outcome_label(result: str) -> str:
    """The viewer's words for an outcome."""
    return str(LABELS[result]) if result in LABELS else status_label(result)


@dataclass(frozen=True)
class Outcome:
    """One target of one record in one cycle."""

    record_id: int
    target: str
    cycle: int
    result: str
    department: str | None
    user_id: int | None
    #: how many levels of its escalation ladder the clock reached (fired or not)
    levels: int = 0


def outcome_of(clock: Clock, now: datetime) -> str:
    """The outcome ``clock`` gives at ``now``."""
    if clock.excused_at is not None:
        return EXCUSED
    if clock.state in (MET, MET_LATE, CANCELLED):
        return clock.state
    if clock.state in ACTIVE and (
        clock.breached_at is not None
        or clock.spent_minutes > clock.goal_minutes
        or (clock.state == RUNNING and clock.deadline is not None and clock.deadline <= now)
    ):
        return BREACHED
    return OPEN


def levels_reached(clock: Clock, now: datetime) -> int:
    """How many levels of its ladder ``clock`` reached by its working time used (levels below
    100 % when it used their share of the goal, the breach and those above when it used more
    than that). Reaching is counted, not firing: a backtest fires nothing."""
    spent = spent_at(clock, now)
    reached = 0
    for level in ladder(clock.target.escalations):
        share = clock.goal_minutes * level.percent / 100
        if spent > share + 1e-9 or (level.percent < BREACH and spent >= share - 1e-9):
            reached += 1
    return reached


def read_outcomes(
    entity_key: str, record_ids: dict[int, int], now: datetime
) -> dict[tuple[int, str, int], Outcome]:
    """The outcomes of the clocks of ``record_ids`` (the ids the clocks carry → the record's
    real id), by (record, target, cycle)."""
    found: dict[tuple[int, str, int], Outcome] = {}
    ids = list(record_ids)
    for start in range(0, len(ids), 500):
        clocks = db.session.execute(
            db.select(Clock)
            .where(Clock.entity == entity_key, Clock.record_id.in_(ids[start : start + 500]))
            .order_by(Clock.id)
        ).scalars()
        for clock in clocks:  # by id: a later clock of the same cycle replaces an earlier one
            record_id = record_ids[clock.record_id]
            found[(record_id, clock.target_name, clock.cycle)] = Outcome(
                record_id,
                clock.target_name,
                clock.cycle,
                outcome_of(clock, now),
                clock.responsible_department,
                clock.responsible_user_id,
                levels_reached(clock, now),
            )
    return found


@dataclass
class Tally:
    """One side of a backtest: outcomes counted, escalation levels reached, and breaches by
    department and by person."""

    counts: Counter = field(default_factory=Counter)
    by_department: Counter = field(default_factory=Counter)
    by_user: Counter = field(default_factory=Counter)
    #: escalation levels reached, all clocks together
    levels: int = 0

    @classmethod
    def of(cls, outcomes) -> Tally:
        """Count ``outcomes``."""
        tally = cls()
        for outcome in outcomes:
            tally.counts[outcome.result] += 1
            tally.levels += outcome.levels
            if outcome.result in LATE:
                tally.by_department[outcome.department] += 1
                tally.by_user[outcome.user_id] += 1
        return tally

    @property
    def counted(self) -> int:
        return sum(self.counts[r] for r in COUNTED)

    @property
    def breaches(self) -> int:
        return sum(self.counts[r] for r in LATE)

    @property
    def compliance(self) -> float | None:
        """Met on time over met, met late and breached (None when there is none)."""
        return self.counts[MET] / self.counted if self.counted else None
