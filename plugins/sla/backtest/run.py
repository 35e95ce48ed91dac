"""A backtest: the records of one type created in a period, what their clocks actually gave,
and what a draft policy would have given them (``draft``), side by side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from core.db import db, utcnow
from core.entities import EntityType
from core.models import AuditEntry, User
from plugins.sla.backtest.draft import Draft, draft_outcomes
from plugins.sla.backtest.outcomes import EXCUSED, LATE, NONE, Outcome, Tally, read_outcomes
from plugins.sla.backtest.period import Period

#: the most records one backtest replays (the oldest of the period first)
CAP = 5_000
#: the most the page replays: a replay takes some milliseconds a record, and a page is waited
#: for (the command goes up to ``CAP``)
PAGE_CAP = 2_000
#: the most changed outcomes listed (all are counted)
LISTED = 500


@dataclass(frozen=True)
class Change:
    """A target of a record whose outcome the draft changes."""

    record_id: int
    title: str
    target: str
    cycle: int
    actual: str
    draft: str


@dataclass(frozen=True)
class Breaches:
    """Breaches of one department or person: actually, and under the draft."""

    key: Any
    name: str
    actual: int
    draft: int


@dataclass
class Backtest:
    """The outcome of a backtest, for the page and the command."""

    entity: EntityType
    policy: str
    period: Period
    found: int
    replayed: int
    actual: Tally
    draft: Tally
    changes: list[Change] = field(default_factory=list)
    changed: int = 0
    departments: list[Breaches] = field(default_factory=list)
    people: list[Breaches] = field(default_factory=list)
    problem: str | None = None
    #: whether the draft is in use (one that is not starts no clock)
    active: bool = True

    @property
    def capped(self) -> bool:
        """Whether only the first ``replayed`` of the ``found`` records were replayed."""
        return self.replayed < self.found


def backtest(entity: EntityType, draft: Draft, period: Period, cap: int | None = None) -> Backtest:
    """Run ``draft`` over the records of ``entity`` created in ``period`` (at most ``cap``,
    ``CAP`` unless given), writing nothing."""
    found, record_ids = records_created(entity, period, cap or CAP)
    now = utcnow()
    actual = read_outcomes(entity.key, {i: i for i in record_ids}, now)
    drafted, problem = draft_outcomes(entity, draft, record_ids, now)
    for key, outcome in drafted.items():
        real = actual.get(key)
        if real is not None and real.result == EXCUSED and outcome.result in LATE:
            drafted[key] = Outcome(**{**outcome.__dict__, "result": EXCUSED})
    actual_tally, draft_tally = Tally.of(actual.values()), Tally.of(drafted.values())
    changes = _changes(actual, drafted)
    return Backtest(
        entity=entity,
        policy=draft.name,
        period=period,
        found=found,
        replayed=len(record_ids),
        actual=actual_tally,
        draft=draft_tally,
        changes=_titled(entity, changes[:LISTED]),
        changed=len(changes),
        departments=_rows(actual_tally.by_department, draft_tally.by_department, _departments()),
        people=_rows(actual_tally.by_user, draft_tally.by_user, _people(actual_tally, draft_tally)),
        problem=problem,
        active=draft.policy.get("active", True),
    )


def records_created(entity: EntityType, period: Period, cap: int) -> tuple[int, list[int]]:
    """How many records of ``entity`` were created in ``period``, and the ids of the first
    ``cap`` of them. Creation is the record's ``created_at`` when it has one, else its audit
    trail's creation entry."""
    model = entity.model
    if hasattr(model, "created_at"):
        ids = db.select(model.id).where(
            model.created_at >= period.begins, model.created_at < period.ends
        )
    else:
        ids = (
            db.select(AuditEntry.record_id)
            .where(
                AuditEntry.entity == entity.key,
                AuditEntry.kind == "created",
                AuditEntry.at >= period.begins,
                AuditEntry.at < period.ends,
            )
            .distinct()
        )
    found = db.session.execute(db.select(db.func.count()).select_from(ids.subquery())).scalar()
    first = ids.subquery()
    chosen = db.session.execute(db.select(first.c[0]).order_by(first.c[0]).limit(cap)).scalars()
    return int(found or 0), list(chosen)


def _changes(actual: dict, drafted: dict) -> list[Change]:
    """Each (record, target, cycle) whose outcome differs, by record."""
    changes = []
    for key in sorted(set(actual) | set(drafted)):
        before = actual[key].result if key in actual else NONE
        after = drafted[key].result if key in drafted else NONE
        if before != after:
            changes.append(Change(key[0], "", key[1], key[2], before, after))
    return changes


def _titled(entity: EntityType, changes: list[Change]) -> list[Change]:
    ids = {c.record_id for c in changes}
    records = db.session.execute(db.select(entity.model).where(entity.model.id.in_(ids))).scalars()
    titles = {r.id: entity.title_of(r) for r in records}
    return [Change(**{**c.__dict__, "title": titles.get(c.record_id, "")}) for c in changes]


def _rows(actual, drafted, names: dict) -> list[Breaches]:
    """Breaches per key, most under either first; no key (nobody responsible) last."""
    keys = set(actual) | set(drafted)
    rows = [
        Breaches(k, names.get(k, str(k)) if k is not None else "", actual[k], drafted[k])
        for k in keys
    ]
    return sorted(rows, key=lambda r: (r.key is None, -max(r.actual, r.draft), r.name))


def _departments() -> dict[str, str]:
    """Department names by code, as the plugins that keep departments list them."""
    host = current_app.extensions["nhip"]
    return {
        str(code): str(name) for pairs in host.hook.departments() if pairs for code, name in pairs
    }


def _people(*tallies: Tally) -> dict[int, str]:
    ids = {k for t in tallies for k in t.by_user if k is not None}
    if not ids:
        return {}
    return dict(db.session.execute(db.select(User.id, User.name).where(User.id.in_(ids))).all())
