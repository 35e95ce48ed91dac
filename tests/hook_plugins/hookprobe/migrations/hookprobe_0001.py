"""hookprobe tables"""

import sqlalchemy as sa
from alembic import op

revision = "hookprobe_0001"
down_revision = None
branch_labels = ("hookprobe",)
depends_on = ("core_0001",)


def upgrade() -> None:
    op.create_table(
        "hookprobe_gadget",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("size", sa.String(1), nullable=False),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("core_user.id"), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("hookprobe_gadget")
