"""sla: escalations (fired ladder levels), incidents, and the level a clock fired last

Revision ID: sla_0002
Revises: sla_0001
Create Date: 2026-11-29 15:57:13.139332
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "sla_0002"
down_revision = "sla_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sla_escalation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clock_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Double(), nullable=False),
        sa.Column("entity", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("target_name", sa.String(length=100), nullable=False),
        sa.Column("due_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("fired_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("responsible_user_id", sa.Integer(), nullable=True),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clock_id"],
            ["sla_clock.id"],
            name=op.f("fk_sla_escalation_clock_id_sla_clock"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"],
            ["core_user.id"],
            name=op.f("fk_sla_escalation_responsible_user_id_core_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_escalation")),
        sa.UniqueConstraint(
            "clock_id", "cycle", "percent", name=op.f("uq_sla_escalation_clock_id_cycle_percent")
        ),
    )
    with op.batch_alter_table("sla_escalation", schema=None) as batch_op:
        batch_op.create_index("ix_sla_escalation_record", ["entity", "record_id"], unique=False)
        batch_op.create_index("ix_sla_escalation_fired", ["fired_at"], unique=False)

    op.create_table(
        "sla_incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=50), nullable=True),
        sa.Column("entity", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("level", sa.Double(), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("bonus_impact", sa.Boolean(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["sla_escalation.id"],
            name=op.f("fk_sla_incident_escalation_id_sla_escalation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["core_user.id"],
            name=op.f("fk_sla_incident_user_id_core_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_incident")),
    )
    with op.batch_alter_table("sla_incident", schema=None) as batch_op:
        batch_op.create_index("ix_sla_incident_user", ["user_id", "created_at"], unique=False)

    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fired_percent", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.drop_column("fired_percent")

    with op.batch_alter_table("sla_incident", schema=None) as batch_op:
        batch_op.drop_index("ix_sla_incident_user")

    op.drop_table("sla_incident")
    with op.batch_alter_table("sla_escalation", schema=None) as batch_op:
        batch_op.drop_index("ix_sla_escalation_fired")
        batch_op.drop_index("ix_sla_escalation_record")

    op.drop_table("sla_escalation")
