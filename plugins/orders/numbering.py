"""Gap-free document numbers per kind and year: ``SO-2026-00001``, ``PO-2026-00001``.

The counter lives in ``orders_sequence`` (one row per kind and year) and is incremented in the
transaction that creates the document: the row is locked (``SELECT ... FOR UPDATE`` on
PostgreSQL, the write lock on SQLite: ``core.locks``), so concurrent creations wait
for each other, and a creation that rolls back rolls its increment back too; the unique
constraint on the documents' numbers backs it. The year is the creation instant's year
in the company's zone, Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.dialects import postgresql, sqlite

from core.db import db, utcnow
from core.locks import locked_rows
from plugins.orders.models import Sequence

COMPANY_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WIDTH = 5


def format_number(kind: str, year: int, number: int) -> str:
    """``SO``, 2026, 7 -> ``SO-2026-00007``."""
    return f"{kind}-{year}-{number:0{WIDTH}d}"


def company_year(at: datetime | None = None) -> int:
    """The calendar year of ``at`` (default: now) in the company's zone."""
    return (at or utcnow()).astimezone(COMPANY_ZONE).year


def next_number(kind: str, at: datetime | None = None) -> str:
    """Take the next number of ``kind`` for the year of ``at`` in the current transaction."""
    year = company_year(at)
    counter = _locked_counter(kind, year)
    if counter is None:
        _ensure_counter(kind, year)
        counter = _locked_counter(kind, year)
    counter.last_number += 1
    return format_number(kind, year, counter.last_number)


def _locked_counter(kind: str, year: int) -> Sequence | None:
    """The year's counter row, locked until the transaction ends (None if it does not exist)."""
    rows = locked_rows(Sequence, Sequence.kind == kind, Sequence.year == year)
    return rows[0] if rows else None


def _ensure_counter(kind: str, year: int) -> None:
    """Create the year's counter row unless it exists; two creators of the first number of a
    year do not collide: the second insert waits for the first and then does nothing."""
    dialect = db.session.get_bind().dialect.name
    values = {"kind": kind, "year": year, "last_number": 0}
    table = Sequence.__table__
    if dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - other databases: a plain existence check
        if db.session.get(Sequence, (kind, year)) is not None:
            return
        stmt = table.insert().values(**values)
    db.session.execute(stmt)
