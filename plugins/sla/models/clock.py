"""Clocks: one per (record, target, cycle), and the events that explain every change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, db, utcnow
from plugins.sla.models.calendar import Calendar
from plugins.sla.models.policy import PolicyVersion, Target

RUNNING, PAUSED, MET, MET_LATE, CANCELLED = "running", "paused", "met", "met_late", "cancelled"
ACTIVE = (RUNNING, PAUSED)
#: why a breach may be excused: it was caused from outside
EXCUSE_CAUSES = ("customer_delay", "carrier_failure", "network_outage", "force_majeure", "other")


class Clock(db.Model):
    """The SLA clock of one target on one record, for one cycle.

    ``spent_minutes`` is the working time used before the current running stretch, which began
    at ``resumed_at``. While running, ``deadline`` is when the goal is used up and
    ``deadline_work`` the same instant on the calendar's working-minute scale, so that badges
    read time left by one subtraction. ``next_due_at`` is the next instant something is due
    (a warning, the breach, an escalation level): indexed for the escalation sweep.
    """

    __tablename__ = "sla_clock"
    __table_args__ = (
        Index("ix_sla_clock_record", "entity", "record_id", "current"),
        Index("ix_sla_clock_due", "next_due_at"),
        #: the reports count the clocks that started in a period
        Index("ix_sla_clock_started", "started_at"),
        #: and those running or paused now (few among many met ones)
        Index("ix_sla_clock_state", "state"),
        #: a record's nearest running deadline, read from the index alone (the urgency order
        #: of tracked lists computes it for every record of the list)
        Index(
            "ix_sla_clock_running",
            "entity",
            "record_id",
            "deadline",
            sqlite_where=text("current IS 1 AND state = 'running'"),
            postgresql_where=text("current IS true AND state = 'running'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[int] = mapped_column()
    target_id: Mapped[int] = mapped_column(ForeignKey("sla_target.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("sla_policy_version.id"))
    calendar_id: Mapped[int] = mapped_column(ForeignKey("sla_calendar.id"))
    target_name: Mapped[str] = mapped_column(String(100))
    cycle: Mapped[int] = mapped_column(default=1)
    current: Mapped[bool] = mapped_column(default=True)
    state: Mapped[str] = mapped_column(String(20), default=RUNNING)
    goal_minutes: Mapped[int] = mapped_column()
    spent_minutes: Mapped[float] = mapped_column(default=0.0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    deadline_work: Mapped[float | None] = mapped_column(nullable=True)
    warn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    responsible_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True
    )
    responsible_department: Mapped[str | None] = mapped_column(String(50), nullable=True)
    #: an excused breach (``plugins.sla.excuses``): its cause (one of ``EXCUSE_CAUSES``), the
    #: excuser's words, who and when; counted apart from compliance in the reports
    excused_cause: Mapped[str | None] = mapped_column(String(30), nullable=True)
    excused_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    excused_by: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True
    )
    excused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(default=1)
    #: the highest ladder level (percent of the goal) fired in this cycle; levels fire in
    #: order, so every lower one fired too (the ``sla_escalation`` rows are the record)
    fired_percent: Mapped[float | None] = mapped_column(nullable=True)
    #: the record's states while this clock was active: leaving a stop state for one of them
    #: reopens a met clock (a new cycle starts), as does going back to a state listed earlier
    #: in the record type's states or leaving a final state (``plugins.sla.lifecycle``)
    seen_states: Mapped[list] = mapped_column(JSON, default=list)

    target: Mapped[Target] = relationship(lazy="joined")
    policy_version: Mapped[PolicyVersion] = relationship(lazy="joined")
    calendar: Mapped[Calendar] = relationship(lazy="joined")
    events: Mapped[list[ClockEvent]] = relationship(
        back_populates="clock", order_by="ClockEvent.id", cascade="all, delete-orphan"
    )

    @property
    def active(self) -> bool:
        return self.state in ACTIVE


class ClockEvent(db.Model):
    """Why a clock changed: ``kind`` (started, paused, resumed, met, met_late, cancelled,
    retargeted, restarted, reopened, recalculated) and a human ``reason``."""

    __tablename__ = "sla_clock_event"
    __table_args__ = (Index("ix_sla_clock_event_record", "entity", "record_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clock_id: Mapped[int] = mapped_column(ForeignKey("sla_clock.id", ondelete="CASCADE"))
    entity: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[int] = mapped_column()
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True
    )

    clock: Mapped[Clock] = relationship(back_populates="events")
