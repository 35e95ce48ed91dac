"""The per-entity-type switch: SLA tracking on or off for one record type."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, utcnow


class ModuleSwitch(db.Model):
    """A row per entity type an admin switched; no row means off."""

    __tablename__ = "sla_module_switch"

    entity: Mapped[str] = mapped_column(String(100), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
