"""orders: stock adjustments (changes of stock on hand with their reason)

Revision ID: orders_0002
Revises: orders_0001
Create Date: 2026-11-29 16:35:18.766974
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "orders_0002"
down_revision = "orders_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orders_stock_adjustment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("on_hand_before", sa.Integer(), nullable=False),
        sa.Column("on_hand_after", sa.Integer(), nullable=False),
        sa.Column("adjusted_by_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("change <> 0", name=op.f("ck_orders_stock_adjustment_change_not_zero")),
        sa.ForeignKeyConstraint(
            ["adjusted_by_id"],
            ["core_user.id"],
            name=op.f("fk_orders_stock_adjustment_adjusted_by_id_core_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["orders_product.id"],
            name=op.f("fk_orders_stock_adjustment_product_id_orders_product"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders_stock_adjustment")),
    )
    with op.batch_alter_table("orders_stock_adjustment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_orders_stock_adjustment_adjusted_by_id"),
            ["adjusted_by_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_orders_stock_adjustment_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_orders_stock_adjustment_product_id"), ["product_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("orders_stock_adjustment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_stock_adjustment_product_id"))
        batch_op.drop_index(batch_op.f("ix_orders_stock_adjustment_created_at"))
        batch_op.drop_index(batch_op.f("ix_orders_stock_adjustment_adjusted_by_id"))

    op.drop_table("orders_stock_adjustment")
