"""sla: the nearest running deadline of a record from the index alone (lists' urgency order)

Revision ID: sla_0007
Revises: sla_0006
Create Date: 2026-11-29 23:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "sla_0007"
down_revision = "sla_0006"
branch_labels = None
depends_on = None

#: the index holds the running current clocks only (few among many met ones)
RUNNING_NOW = {
    "sqlite_where": sa.text("current IS 1 AND state = 'running'"),
    "postgresql_where": sa.text("current IS true AND state = 'running'"),
}


def upgrade() -> None:
    op.create_index(
        "ix_sla_clock_running",
        "sla_clock",
        ["entity", "record_id", "deadline"],
        unique=False,
        **RUNNING_NOW,
    )


def downgrade() -> None:
    op.drop_index("ix_sla_clock_running", table_name="sla_clock")
