"""A customer's sales order and its lines."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, db
from plugins.crm.models import Customer
from plugins.orders.creation import creation_time
from plugins.orders.models.product import Product

PRIORITIES = ("normal", "express")
CHANNELS = ("web", "phone", "store")
STATES = ("draft", "confirmed", "picking", "packed", "shipped", "delivered", "cancelled")


class SalesOrder(db.Model):
    """An order from a customer, from draft through warehouse fulfilment to delivery.

    ``number`` (``SO-YYYY-NNNNN``) is given on creation; ``total`` is the sum of the lines;
    ``customer_tier`` copies the customer's tier so that lists and SLA policies can filter on it.
    """

    __tablename__ = "orders_sales_order"
    __table_args__ = (Index("ix_orders_sales_order_state_created", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("crm_customer.id"), index=True)
    salesperson_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    customer_ref: Mapped[str | None] = mapped_column(String(60), nullable=True)
    priority: Mapped[str] = mapped_column(String(20), default="normal")
    channel: Mapped[str] = mapped_column(String(20), default="web")
    customer_tier: Mapped[str] = mapped_column(String(20), default="standard", index=True)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=creation_time)

    customer: Mapped[Customer] = relationship(lazy="joined")
    lines: Mapped[list[SalesOrderLine]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        order_by="SalesOrderLine.id",
        lazy="selectin",
    )

    def __repr__(self) -> str:
        return f"<SalesOrder {self.number or self.id} {self.state}>"


class SalesOrderLine(db.Model):
    """One product on a sales order: quantity, the agreed unit price and the line amount."""

    __tablename__ = "orders_sales_order_line"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders_sales_order.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[int] = mapped_column(ForeignKey("orders_product.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)

    order: Mapped[SalesOrder] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship(lazy="joined")
