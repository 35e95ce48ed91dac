"""The plugin's one table: ``fieldservice_visit`` (table names start with the plugin's name)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, utcnow

KINDS = ("installation", "repair", "maintenance", "inspection")
PRIORITIES = ("normal", "urgent")


class Visit(db.Model):
    """A technician's visit to a customer's site."""

    __tablename__ = "fieldservice_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="repair")
    priority: Mapped[str] = mapped_column(String(10), default="normal", index=True)
    scheduled_for: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    technician_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id"), nullable=True, index=True
    )
    department: Mapped[str | None] = mapped_column(String(20), nullable=True)
    report: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="scheduled", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Visit {self.id} {self.customer!r} {self.state}>"
