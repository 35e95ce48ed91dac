"""Escalations: each level of a clock's ladder that fired, and the incidents levels record."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, db, utcnow
from plugins.sla.models.clock import Clock


class Escalation(db.Model):
    """One level of one clock's ladder that fired: at ``percent`` of the goal, once per cycle.

    The unique (clock, cycle, percent) row is what makes a level fire once, however many jobs,
    retries and workers try it. ``outcomes`` holds one entry per action, in the level's order:
    ``{"type", "status", "detail", "error"}`` where status is ``done``, ``failed``,
    ``no_recipient`` or ``queued`` (work that leaves the database, finished after the commit).
    """

    __tablename__ = "sla_escalation"
    __table_args__ = (
        UniqueConstraint("clock_id", "cycle", "percent"),
        Index("ix_sla_escalation_record", "entity", "record_id"),
        Index("ix_sla_escalation_fired", "fired_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("sla_clock.id", ondelete="CASCADE"))
    cycle: Mapped[int] = mapped_column()
    percent: Mapped[float] = mapped_column()
    entity: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[int] = mapped_column()
    target_name: Mapped[str] = mapped_column(String(100))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responsible_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True
    )
    outcomes: Mapped[list] = mapped_column(JSON, default=list)

    clock: Mapped[Clock] = relationship()

    def set_outcome(self, index: int, **values) -> None:
        """Replace fields of the ``index``-th action's outcome (a new list, so it is saved)."""
        outcomes = [dict(o) for o in self.outcomes or []]
        outcomes[index] = {**outcomes[index], **values}
        self.outcomes = outcomes


class Incident(db.Model):
    """A missed deadline recorded against a person, for HR and reviews (entity
    ``sla.incident``): ``severity`` minor or major, ``bonus_impact`` when it counts against
    their bonus; ``excused_at`` when the breach behind it was excused."""

    __tablename__ = "sla_incident"
    __table_args__ = (Index("ix_sla_incident_user", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True
    )
    department: Mapped[str | None] = mapped_column(String(50), nullable=True)
    entity: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[int] = mapped_column()
    target: Mapped[str] = mapped_column(String(100))
    cycle: Mapped[int] = mapped_column()
    level: Mapped[float] = mapped_column()
    severity: Mapped[str] = mapped_column(String(10), default="minor")
    bonus_impact: Mapped[bool] = mapped_column(default=False)
    escalation_id: Mapped[int | None] = mapped_column(
        ForeignKey("sla_escalation.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: set when the breach behind it was excused (kept, marked, counted apart); cleared when
    #: the excuse is withdrawn
    excused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
