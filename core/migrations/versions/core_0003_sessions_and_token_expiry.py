"""sessions that can be ended, API tokens that expire

``core_user.session_key``: a random key that is part of every session and remember cookie of
the user; a new one ends them all. Each existing user gets a key of their own (the sessions
signed in before this upgrade end: they carry no key). ``core_api_token.expires_at``: tokens
made before this upgrade keep no expiry until they are revoked.

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-12-02 09:00:00.000000
"""

import secrets

import sqlalchemy as sa
from alembic import op

import core.db

revision = "core_0003"
down_revision = "core_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("core_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_key", sa.String(length=32), nullable=False, server_default="")
        )
    users = sa.table("core_user", sa.column("id", sa.Integer), sa.column("session_key"))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(session_key=secrets.token_hex(16))
        )
    with op.batch_alter_table("core_user", schema=None) as batch_op:
        batch_op.alter_column("session_key", server_default=None)
    with op.batch_alter_table("core_api_token", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expires_at", core.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("core_api_token", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
    with op.batch_alter_table("core_user", schema=None) as batch_op:
        batch_op.drop_column("session_key")
