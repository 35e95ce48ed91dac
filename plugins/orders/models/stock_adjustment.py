"""A change of a product's stock on hand outside the order workflows, with its reason."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, db
from plugins.orders.creation import creation_time
from plugins.orders.models.product import Product


class StockAdjustment(db.Model):
    """``change`` units added to (or, negative, taken off) ``product``'s stock on hand by
    ``adjusted_by`` for ``reason``; ``on_hand_before`` and ``on_hand_after`` are the counts
    around it. Written once (``state`` is always ``recorded``), never edited."""

    __tablename__ = "orders_stock_adjustment"
    __table_args__ = (CheckConstraint("change <> 0", name="change_not_zero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("orders_product.id"), index=True)
    change: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(500))
    on_hand_before: Mapped[int] = mapped_column(Integer, default=0)
    on_hand_after: Mapped[int] = mapped_column(Integer, default=0)
    adjusted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    state: Mapped[str] = mapped_column(String(20), default="recorded")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=creation_time, index=True)

    product: Mapped[Product] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<StockAdjustment {self.id} {self.change:+d}>"
