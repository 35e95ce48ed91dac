"""uitest tables

Revision ID: uitest_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "uitest_0001"
down_revision = None
branch_labels = ("uitest",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uitest_customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uitest_customer")),
    )
    op.create_table(
        "uitest_ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("opened_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("contact", sa.String(length=254), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["uitest_customer.id"],
            name=op.f("fk_uitest_ticket_customer_id_uitest_customer"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uitest_ticket")),
    )
    op.create_table(
        "uitest_ticket_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["uitest_ticket.id"],
            name=op.f("fk_uitest_ticket_line_ticket_id_uitest_ticket"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uitest_ticket_line")),
    )


def downgrade() -> None:
    op.drop_table("uitest_ticket_line")
    op.drop_table("uitest_ticket")
    op.drop_table("uitest_customer")
