"""hr: each employee's annual leave allowance (working days a year, 12 by default)

Revision ID: hr_0002
Revises: hr_0001
Create Date: 2026-11-29 20:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "hr_0002"
down_revision = "hr_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hr_employee", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("leave_allowance", sa.Integer(), nullable=False, server_default="12")
        )


def downgrade() -> None:
    with op.batch_alter_table("hr_employee", schema=None) as batch_op:
        batch_op.drop_column("leave_allowance")
