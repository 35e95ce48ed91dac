"""The lab's tables, on a declarative base of their own.

The plugin is imported afresh by every application a test builds (plugins-dir plugins are),
and a shared metadata may define a table only once; a private base avoids the clash.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, MetaData, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.db import NAMING, UTCDateTime


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Gadget(Base):
    """A record with every field type, a workflow and rows of parts."""

    __tablename__ = "lab_gadget"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    kind: Mapped[str] = mapped_column(String(10), default="small")
    quantity: Mapped[int] = mapped_column(default=0)
    price: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    weight: Mapped[Decimal | None] = mapped_column(Numeric(8, 3), nullable=True)
    fragile: Mapped[bool] = mapped_column(default=False)
    due_on: Mapped[date | None] = mapped_column(nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    contact: Mapped[str | None] = mapped_column(String(120), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    owner_id: Mapped[int | None] = mapped_column(nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="draft")

    parts: Mapped[list[Part]] = relationship(
        cascade="all, delete-orphan", order_by="Part.id", lazy="selectin"
    )


class Part(Base):
    """One row of a gadget's parts list."""

    __tablename__ = "lab_part"

    id: Mapped[int] = mapped_column(primary_key=True)
    gadget_id: Mapped[int] = mapped_column(ForeignKey("lab_gadget.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(default=1)


class Shelf(Base):
    """A record type without workflow."""

    __tablename__ = "lab_shelf"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    capacity: Mapped[int | None] = mapped_column(nullable=True)
