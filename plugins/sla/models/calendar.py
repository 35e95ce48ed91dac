"""A business calendar as stored: zone, weekly hours, country holidays, company days."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, utcnow

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Calendar(db.Model):
    """Working time of one office. ``week`` maps ``mon``..``sun`` to ``["08:00-12:00", ...]``;
    ``holidays`` and ``workdays`` are ISO dates (the company's own days off / extra days)."""

    __tablename__ = "sla_calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    country: Mapped[str | None] = mapped_column(String(8), nullable=True)
    week: Mapped[dict] = mapped_column(JSON, default=dict)
    holidays: Mapped[list] = mapped_column(JSON, default=list)
    workdays: Mapped[list] = mapped_column(JSON, default=list)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def definition(self) -> dict:
        """The calendar as in the import/export file."""
        return {
            "name": self.name,
            "timezone": self.timezone,
            "country": self.country,
            "week": {day: list(self.week.get(day, [])) for day in WEEKDAYS if self.week.get(day)},
            "holidays": list(self.holidays or []),
            "workdays": list(self.workdays or []),
        }

    @property
    def holiday_dates(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.holidays or []]

    @property
    def workday_dates(self) -> list[date]:
        return [date.fromisoformat(d) for d in self.workdays or []]
