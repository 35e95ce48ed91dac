"""sla: a policy's run-time problem (what failed, when), shown in the SLA pages

Revision ID: sla_0003
Revises: sla_0002
Create Date: 2026-12-01 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "sla_0003"
down_revision = "sla_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sla_policy", schema=None) as batch_op:
        batch_op.add_column(sa.Column("problem", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("problem_at", core.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("sla_policy", schema=None) as batch_op:
        batch_op.drop_column("problem_at")
        batch_op.drop_column("problem")
