"""In-app notifications (the bell); channels deliver them further through a hook.

A notification is also its own outbox entry: ``delivered_at`` stays empty until the channels
were called for it (``core.notifications``), so that one whose delivery job was lost is
found in the database and delivered late rather than never.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, utcnow

#: the rows still to deliver: few at any time, so their partial index stays small
UNDELIVERED = text("delivered_at IS NULL")


class Notification(db.Model):
    """A message for one user, optionally about one record.

    ``channels`` names where it may go (None: the bell and every channel; see
    ``core.notifications.notify``). ``delivering_since`` is when a delivery claimed it,
    ``delivered_at`` when the channels were called for it, whatever they answered.
    """

    __tablename__ = "core_notification"
    __table_args__ = (
        Index("ix_core_notification_user_unread", "user_id", "read_at"),
        Index(
            "ix_core_notification_undelivered",
            "id",
            sqlite_where=UNDELIVERED,
            postgresql_where=UNDELIVERED,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("core_user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(50), default="info")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    entity: Mapped[str | None] = mapped_column(String(100), nullable=True)
    record_id: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    channels: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    delivering_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "subject": self.subject,
            "body": self.body,
            "url": self.url,
            "entity": self.entity,
            "record_id": self.record_id,
            "created_at": self.created_at.isoformat(),
            "read": self.read_at is not None,
        }
