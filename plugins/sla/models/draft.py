"""Policy drafts: a change an admin saved without applying it.

A draft holds a whole policy definition (the import format). It applies to no record until it
is published, which saves it as the policy's next version (or creates the policy) and deletes
the draft, once: two admins publishing it together publish it once. ``base_version_id`` is the
version it was made from; a draft made from an older version than the current one is refused
at publishing, so that nobody's change is silently undone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, utcnow


class PolicyDraft(db.Model):
    """One unpublished change: to a policy (``policy_id``, one draft per policy), or a new
    policy (``policy_id`` empty)."""

    __tablename__ = "sla_policy_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int | None] = mapped_column(
        ForeignKey("sla_policy.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    base_version_id: Mapped[int | None] = mapped_column(nullable=True)
    name: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(100))
    definition: Mapped[dict] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
