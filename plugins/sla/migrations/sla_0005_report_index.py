"""sla: indexes for the reports: when clocks started (a period), their state (late now)

Revision ID: sla_0005
Revises: sla_0004
Create Date: 2026-12-03 10:00:00.000000
"""

from alembic import op

revision = "sla_0005"
down_revision = "sla_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.create_index("ix_sla_clock_started", ["started_at"], unique=False)
        batch_op.create_index("ix_sla_clock_state", ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.drop_index("ix_sla_clock_state")
        batch_op.drop_index("ix_sla_clock_started")
