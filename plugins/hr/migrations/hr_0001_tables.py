"""hr tables

Revision ID: hr_0001
Revises:
Create Date: 2026-11-27 11:39:13.187077

Departments and employees point at each other (a department's head is an employee, an
employee sits in a department): the head's foreign key is added once both tables exist.
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "hr_0001"
down_revision = None
branch_labels = ("hr",)
depends_on = ("core_0001",)


def upgrade() -> None:
    op.create_table(
        "hr_department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("head_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["hr_department.id"],
            name=op.f("fk_hr_department_parent_id_hr_department"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_department")),
        sa.UniqueConstraint("code", name=op.f("uq_hr_department_code")),
    )
    with op.batch_alter_table("hr_department", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hr_department_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "hr_employee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.String(length=120), nullable=True),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["hr_department.id"],
            name=op.f("fk_hr_employee_department_id_hr_department"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["hr_employee.id"],
            name=op.f("fk_hr_employee_manager_id_hr_employee"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["core_user.id"],
            name=op.f("fk_hr_employee_user_id_core_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_employee")),
        sa.UniqueConstraint("email", name=op.f("uq_hr_employee_email")),
        sa.UniqueConstraint("user_id", name=op.f("uq_hr_employee_user_id")),
    )
    with op.batch_alter_table("hr_employee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hr_employee_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_hr_employee_manager_id"), ["manager_id"], unique=False)

    with op.batch_alter_table("hr_department", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_hr_department_head_id_hr_employee"),
            "hr_employee",
            ["head_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "hr_leave_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("leave_type", sa.String(length=20), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["core_user.id"],
            name=op.f("fk_hr_leave_request_decided_by_id_core_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["hr_employee.id"],
            name=op.f("fk_hr_leave_request_employee_id_hr_employee"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_leave_request")),
    )
    with op.batch_alter_table("hr_leave_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hr_leave_request_employee_id"), ["employee_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_hr_leave_request_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hr_leave_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hr_leave_request_state"))
        batch_op.drop_index(batch_op.f("ix_hr_leave_request_employee_id"))
    op.drop_table("hr_leave_request")

    with op.batch_alter_table("hr_department", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_hr_department_head_id_hr_employee"), type_="foreignkey"
        )

    with op.batch_alter_table("hr_employee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hr_employee_manager_id"))
        batch_op.drop_index(batch_op.f("ix_hr_employee_department_id"))
    op.drop_table("hr_employee")

    with op.batch_alter_table("hr_department", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hr_department_parent_id"))
    op.drop_table("hr_department")
