"""sla: policy drafts (a change saved without applying it, published later)

Revision ID: sla_0006
Revises: sla_0005
Create Date: 2026-11-29 20:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "sla_0006"
down_revision = "sla_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sla_policy_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=True),
        sa.Column("base_version_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("entity", sa.String(length=100), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["core_user.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["policy_id"], ["sla_policy.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("policy_id"),
    )


def downgrade() -> None:
    op.drop_table("sla_policy_draft")
