"""sla tables

Revision ID: sla_0001
Revises:
Create Date: 2026-11-27 11:38:03.985398
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "sla_0001"
down_revision = None
branch_labels = ("sla",)
depends_on = ("core_0001",)


def upgrade() -> None:
    op.create_table(
        "sla_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("week", sa.JSON(), nullable=False),
        sa.Column("holidays", sa.JSON(), nullable=False),
        sa.Column("workdays", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_calendar")),
        sa.UniqueConstraint("name", name=op.f("uq_sla_calendar_name")),
    )
    op.create_table(
        "sla_module_switch",
        sa.Column("entity", sa.String(length=100), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("entity", name=op.f("pk_sla_module_switch")),
    )
    op.create_table(
        "sla_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("entity", sa.String(length=100), nullable=False),
        sa.Column("order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_policy")),
        sa.UniqueConstraint("name", name=op.f("uq_sla_policy_name")),
    )
    with op.batch_alter_table("sla_policy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sla_policy_entity"), ["entity"], unique=False)

    op.create_table(
        "sla_policy_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("on_change", sa.String(length=20), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["sla_calendar.id"],
            name=op.f("fk_sla_policy_version_calendar_id_sla_calendar"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["core_user.id"],
            name=op.f("fk_sla_policy_version_created_by_core_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["sla_policy.id"],
            name=op.f("fk_sla_policy_version_policy_id_sla_policy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_policy_version")),
        sa.UniqueConstraint(
            "policy_id", "number", name=op.f("uq_sla_policy_version_policy_id_number")
        ),
    )
    op.create_table(
        "sla_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("start", sa.JSON(), nullable=False),
        sa.Column("pause", sa.JSON(), nullable=False),
        sa.Column("stop", sa.JSON(), nullable=False),
        sa.Column("cancel", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("warn", sa.JSON(), nullable=False),
        sa.Column("escalations", sa.JSON(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["sla_calendar.id"],
            name=op.f("fk_sla_target_calendar_id_sla_calendar"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["sla_policy_version.id"],
            name=op.f("fk_sla_target_version_id_sla_policy_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_target")),
    )
    op.create_table(
        "sla_clock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("target_name", sa.String(length=100), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("goal_minutes", sa.Integer(), nullable=False),
        sa.Column("spent_minutes", sa.Double(), nullable=False),
        sa.Column("started_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resumed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("paused_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deadline", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deadline_work", sa.Double(), nullable=True),
        sa.Column("warn_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("next_due_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("breached_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("responsible_user_id", sa.Integer(), nullable=True),
        sa.Column("responsible_department", sa.String(length=50), nullable=True),
        sa.Column("excused_reason", sa.Text(), nullable=True),
        sa.Column("excused_by", sa.Integer(), nullable=True),
        sa.Column("excused_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seen_states", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"], ["sla_calendar.id"], name=op.f("fk_sla_clock_calendar_id_sla_calendar")
        ),
        sa.ForeignKeyConstraint(
            ["excused_by"],
            ["core_user.id"],
            name=op.f("fk_sla_clock_excused_by_core_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["responsible_user_id"],
            ["core_user.id"],
            name=op.f("fk_sla_clock_responsible_user_id_core_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["sla_target.id"], name=op.f("fk_sla_clock_target_id_sla_target")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["sla_policy_version.id"],
            name=op.f("fk_sla_clock_version_id_sla_policy_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_clock")),
    )
    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.create_index("ix_sla_clock_due", ["next_due_at"], unique=False)
        batch_op.create_index(
            "ix_sla_clock_record", ["entity", "record_id", "current"], unique=False
        )

    op.create_table(
        "sla_clock_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clock_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=100), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["core_user.id"],
            name=op.f("fk_sla_clock_event_actor_id_core_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["clock_id"],
            ["sla_clock.id"],
            name=op.f("fk_sla_clock_event_clock_id_sla_clock"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_clock_event")),
    )
    with op.batch_alter_table("sla_clock_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sla_clock_event_record", ["entity", "record_id", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sla_clock_event", schema=None) as batch_op:
        batch_op.drop_index("ix_sla_clock_event_record")

    op.drop_table("sla_clock_event")
    with op.batch_alter_table("sla_clock", schema=None) as batch_op:
        batch_op.drop_index("ix_sla_clock_record")
        batch_op.drop_index("ix_sla_clock_due")

    op.drop_table("sla_clock")
    op.drop_table("sla_target")
    op.drop_table("sla_policy_version")
    with op.batch_alter_table("sla_policy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sla_policy_entity"))

    op.drop_table("sla_policy")
    op.drop_table("sla_module_switch")
    op.drop_table("sla_calendar")
