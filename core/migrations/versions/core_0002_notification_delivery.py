"""notification delivery: each notification is its own outbox entry

``channels`` (where it may go), ``delivering_since`` (a delivery's claim) and ``delivered_at``
(the channels were called), with a partial index on the rows still to deliver. The rows
already stored were delivered by the earlier code, which sent them right after their commit:
they are marked delivered (at their creation) so that the catch-up does not send them again.

Revision ID: core_0002
Revises: core_0001
Create Date: 2026-11-29 16:18:19.256741
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "core_0002"
down_revision = "core_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("core_notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channels", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("delivering_since", core.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("delivered_at", core.db.UTCDateTime(timezone=True), nullable=True)
        )
    op.execute("UPDATE core_notification SET delivered_at = created_at")
    with op.batch_alter_table("core_notification", schema=None) as batch_op:
        batch_op.create_index(
            "ix_core_notification_undelivered",
            ["id"],
            unique=False,
            sqlite_where=sa.text("delivered_at IS NULL"),
            postgresql_where=sa.text("delivered_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("core_notification", schema=None) as batch_op:
        batch_op.drop_index("ix_core_notification_undelivered")
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("delivering_since")
        batch_op.drop_column("channels")
