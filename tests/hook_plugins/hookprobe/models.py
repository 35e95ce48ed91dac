"""The probe's one table: gadgets, a tiny record type with a workflow."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import db


class Gadget(db.Model):
    """A gadget: a name, a size, an owner and a state (draft, active, retired)."""

    __tablename__ = "hookprobe_gadget"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    size: Mapped[str] = mapped_column(String(1), default="M")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("core_user.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="draft")
