"""Per-year document counters: the source of gap-free order numbers."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import db


class Sequence(db.Model):
    """The last number handed out for one document kind (``SO``, ``PO``) in one year.

    The row is locked and incremented in the transaction that creates the document, so a
    rolled-back creation gives its number back and concurrent creations queue on the row.
    """

    __tablename__ = "orders_sequence"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
