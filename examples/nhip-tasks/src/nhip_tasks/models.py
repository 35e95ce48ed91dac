"""The plugin's one table: ``tasks_task`` (table names start with the plugin's name)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, utcnow

#: in increasing order: SLA's "raise priority" action never lowers one
PRIORITIES = ("low", "normal", "high", "urgent")


class Task(db.Model):
    """A piece of internal work: who does it, who checks it, by when."""

    __tablename__ = "tasks_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    priority: Mapped[str] = mapped_column(String(10), default="normal", index=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id"), nullable=True, index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id"), nullable=True, index=True
    )
    requester_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id"), nullable=True, index=True
    )
    department: Mapped[str | None] = mapped_column(String(20), nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="todo", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Task {self.id} {self.title!r} {self.state}>"
