"""The CRM's tables: customers, sales leads and support tickets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, db, utcnow

TIERS = ("standard", "silver", "gold", "vip")
LEAD_SOURCES = ("website", "referral", "event", "phone", "other")
PRIORITIES = ("low", "normal", "high", "urgent")
CHANNELS = ("email", "phone", "web", "chat", "store")


class Customer(db.Model):
    """A company or person the business sells to and supports; ``tier`` drives service levels."""

    __tablename__ = "crm_customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(20), default="standard", index=True)
    tax_code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Customer {self.id} {self.name!r}>"


class Lead(db.Model):
    """A prospective sale, from first contact until it is won or lost."""

    __tablename__ = "crm_lead"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    source: Mapped[str] = mapped_column(String(20), default="other")
    estimated_value: Mapped[int] = mapped_column(BigInteger, default=0)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id"), nullable=True, index=True
    )
    state: Mapped[str] = mapped_column(String(20), default="new", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Lead {self.id} {self.contact_name!r} {self.state}>"


class Ticket(db.Model):
    """A customer's support request, worked by an assignee in a department.

    ``customer_tier`` is a copy of the customer's tier, kept in sync by the CRM (on write of the
    ticket and whenever the customer's tier changes) so that lists and SLA policies can filter on
    it as a plain column.
    """

    __tablename__ = "crm_ticket"
    __table_args__ = (Index("ix_crm_ticket_state_assignee", "state", "assignee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("crm_customer.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    priority: Mapped[str] = mapped_column(String(20), default="normal")
    channel: Mapped[str] = mapped_column(String(20), default="email")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id"), nullable=True, index=True
    )
    department: Mapped[str | None] = mapped_column(String(50), nullable=True, index=True)
    customer_tier: Mapped[str] = mapped_column(String(20), default="standard", index=True)
    state: Mapped[str] = mapped_column(String(20), default="new", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(lazy="joined")

    @property
    def department_name(self) -> str | None:
        """The name of the department in charge, as the organisation lists it (display only)."""
        from plugins.crm.departments import department_name

        return department_name(self.department)

    def __repr__(self) -> str:
        return f"<Ticket {self.id} {self.subject!r} {self.state}>"
