"""Small helpers for SLA tests: create and move desk requests, read their clocks."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core import records
from core.db import db
from plugins.sla.models import Clock, ClockEvent

VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: the roles of a test user told about desk requests (only readers of a record are told)
AGENT = ["employee", "desk_agent"]


def new_request(**values):
    values.setdefault("subject", "Printer on fire")
    return records.create("desk.request", values)


def move(record, state: str):
    return records.transition("desk.request", record, state)


def clocks_of(record, *, current_only: bool = True) -> dict[str, Clock]:
    stmt = db.select(Clock).where(Clock.entity == "desk.request", Clock.record_id == record.id)
    if current_only:
        stmt = stmt.where(Clock.current.is_(True))
    rows = db.session.execute(stmt.order_by(Clock.id)).scalars().all()
    return {c.target_name: c for c in rows}


def all_clocks(record) -> list[Clock]:
    return list(
        db.session.execute(
            db.select(Clock)
            .where(Clock.entity == "desk.request", Clock.record_id == record.id)
            .order_by(Clock.id)
        ).scalars()
    )


def events_of(record) -> list[ClockEvent]:
    return list(
        db.session.execute(
            db.select(ClockEvent)
            .where(ClockEvent.entity == "desk.request", ClockEvent.record_id == record.id)
            .order_by(ClockEvent.id)
        ).scalars()
    )


def local(dt):
    return dt.astimezone(VN).strftime("%Y-%m-%d %H:%M")
