"""lab tables

Revision ID: lab_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "lab_0001"
down_revision = None
branch_labels = ("lab",)
depends_on = ("core_0001",)


def upgrade() -> None:
    op.create_table(
        "lab_gadget",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("code", sa.String(20), nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=True),
        sa.Column("weight", sa.Numeric(8, 3), nullable=True),
        sa.Column("fragile", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("contact", sa.String(120), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("core_user.id"), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
    )
    op.create_table(
        "lab_part",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "gadget_id",
            sa.Integer(),
            sa.ForeignKey("lab_gadget.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_table(
        "lab_shelf",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False, unique=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("lab_shelf")
    op.drop_table("lab_part")
    op.drop_table("lab_gadget")
