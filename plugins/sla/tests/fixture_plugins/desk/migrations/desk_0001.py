"""desk tables (test plugin)"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "desk_0001"
down_revision = None
branch_labels = ("desk",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.Column("tier", sa.String(20), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(20), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("desk_request")
