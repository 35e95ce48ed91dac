"""Policies, their versions and their targets.

A policy is a name, an entity type and an order; what it says lives in versions. Editing makes a
new version; running clocks keep pointing at the version (and targets) they started under.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, db, utcnow
from plugins.sla.models.calendar import Calendar

ON_CHANGE = ("carry_over", "restart")


class Policy(db.Model):
    """Applies to one entity type; policies of a type are tried by ``order``, first match wins."""

    __tablename__ = "sla_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    entity: Mapped[str] = mapped_column(String(100), index=True)
    order: Mapped[int] = mapped_column(default=100)
    active: Mapped[bool] = mapped_column(default=True)
    current_version_id: Mapped[int | None] = mapped_column(nullable=True)
    #: why the policy last failed while a record changed (it was skipped), and when; cleared
    #: when the policy or its calendar is saved again
    problem: Mapped[str | None] = mapped_column(String(500), nullable=True)
    problem_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    # no database foreign key: the two tables point at each other
    current_version: Mapped[PolicyVersion | None] = relationship(
        primaryjoin="foreign(Policy.current_version_id) == PolicyVersion.id",
        post_update=True,
        lazy="joined",
    )


class PolicyVersion(db.Model):
    """One immutable version of a policy: its conditions, calendar, change rule and targets."""

    __tablename__ = "sla_policy_version"
    __table_args__ = (UniqueConstraint("policy_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("sla_policy.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    conditions: Mapped[dict] = mapped_column(JSON, default=dict)
    calendar_id: Mapped[int] = mapped_column(ForeignKey("sla_calendar.id"))
    on_change: Mapped[str] = mapped_column(String(20), default="carry_over")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True
    )

    policy: Mapped[Policy] = relationship(foreign_keys=[policy_id], lazy="joined")
    calendar: Mapped[Calendar] = relationship(lazy="joined")
    targets: Mapped[list[Target]] = relationship(
        back_populates="version",
        order_by="Target.position",
        lazy="selectin",
        cascade="all, delete-orphan",
    )


class Target(db.Model):
    """A named goal within a policy version: when its clock starts, pauses and stops, how long
    it has (working minutes), when to warn (percent) and what escalations follow."""

    __tablename__ = "sla_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("sla_policy_version.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))
    start: Mapped[list] = mapped_column(JSON, default=list)
    pause: Mapped[list] = mapped_column(JSON, default=list)
    stop: Mapped[list] = mapped_column(JSON, default=list)
    cancel: Mapped[list] = mapped_column(JSON, default=list)
    minutes: Mapped[int] = mapped_column()
    warn: Mapped[list] = mapped_column(JSON, default=list)
    escalations: Mapped[list] = mapped_column(JSON, default=list)
    calendar_id: Mapped[int | None] = mapped_column(ForeignKey("sla_calendar.id"), nullable=True)

    version: Mapped[PolicyVersion] = relationship(back_populates="targets")
    calendar: Mapped[Calendar | None] = relationship(lazy="joined")

    @property
    def effective_calendar(self) -> Calendar:
        return self.calendar or self.version.calendar
