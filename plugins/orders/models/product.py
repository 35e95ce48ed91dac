"""A product the business sells and buys, with its stock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db
from plugins.orders.creation import creation_time


class Product(db.Model):
    """A stock-keeping unit. ``stock_reserved`` counts units promised to confirmed orders that
    have not shipped yet; ``stock_available`` is what a new confirmation may still take."""

    __tablename__ = "orders_product"
    __table_args__ = (
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        CheckConstraint("stock_on_hand >= 0", name="stock_on_hand_not_negative"),
        CheckConstraint("stock_reserved >= 0", name="stock_reserved_not_negative"),
        CheckConstraint("stock_reserved <= stock_on_hand", name="reserved_within_on_hand"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_price: Mapped[int] = mapped_column(BigInteger, default=0)
    stock_on_hand: Mapped[int] = mapped_column(Integer, default=0)
    stock_reserved: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=creation_time)

    @property
    def stock_available(self) -> int:
        """Units on hand that no confirmed order has reserved."""
        return (self.stock_on_hand or 0) - (self.stock_reserved or 0)

    def __repr__(self) -> str:
        return f"<Product {self.sku}>"
