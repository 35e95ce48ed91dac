"""Row locks for read-modify-write of shared rows (stock, document numbers, SLA clocks).

PostgreSQL locks the rows read with ``SELECT ... FOR UPDATE`` until the transaction ends.
SQLite has no row locks and its driver opens a transaction only at the first write, so a plain
read could see values another writer is about to change: there a no-op ``UPDATE`` of the same
rows comes first, which takes the database's write lock (other writers wait for our commit)
and makes the read that follows see the last committed values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from core.db import db


def locked_rows(model: type, *criteria: Any, order_by: Any = None) -> list[Any]:
    """The ``model`` rows matching ``criteria``, freshly read and locked until the
    transaction ends (objects already in the session are refreshed)."""
    if db.session.get_bind().dialect.name == "sqlite":
        table = model.__table__
        key = next(iter(table.primary_key.columns))
        db.session.execute(update(table).where(*criteria).values({key.name: key}))
    stmt = select(model).where(*criteria).with_for_update(of=model)  # not its joined rows
    if order_by is not None:
        stmt = stmt.order_by(order_by)
    return list(db.session.execute(stmt.execution_options(populate_existing=True)).scalars())
