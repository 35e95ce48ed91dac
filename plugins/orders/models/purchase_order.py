"""An order the business places with a supplier, and its lines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, db
from plugins.orders.creation import creation_time
from plugins.orders.models.product import Product

STATES = ("draft", "sent", "confirmed", "received", "cancelled")


class PurchaseOrder(db.Model):
    """Goods bought from a supplier; receiving them adds the quantities to stock on hand.

    ``number`` (``PO-YYYY-NNNNN``) is given on creation; ``total`` is the sum of the lines.
    """

    __tablename__ = "orders_purchase_order"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
    supplier: Mapped[str] = mapped_column(String(200))
    supplier_ref: Mapped[str | None] = mapped_column(String(60), nullable=True)
    buyer_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=creation_time)

    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        order_by="PurchaseOrderLine.id",
        lazy="selectin",
    )

    def __repr__(self) -> str:
        return f"<PurchaseOrder {self.number or self.id} {self.state}>"


class PurchaseOrderLine(db.Model):
    """One product bought: quantity, unit cost and the line amount."""

    __tablename__ = "orders_purchase_order_line"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders_purchase_order.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("orders_product.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)

    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship(lazy="joined")
