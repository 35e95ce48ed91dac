"""sla: excused breaches: the cause on the clock, and incidents marked excused

Revision ID: sla_0004
Revises: sla_0003
Create Date: 2026-12-02 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "sla_0004"
down_revision = "sla_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.add_column(sa.Column("excused_cause", sa.String(length=30), nullable=True))
    with op.batch_alter_table("sla_incident", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("excused_at", core.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("sla_incident", schema=None) as batch_op:
        batch_op.drop_column("excused_at")
    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.drop_column("excused_cause")
