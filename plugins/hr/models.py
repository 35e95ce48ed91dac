"""HR tables: departments, employees (with their manager chain) and leave requests."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from core.db import UTCDateTime, db
from core.models import User


class Department(db.Model):
    """A unit of the organisation; ``code`` (upper-case, e.g. ``SALES``) is its stable key,
    used by other plugins (responsible department of a record, escalations)."""

    __tablename__ = "hr_department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(20), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("hr_department.id", ondelete="SET NULL"), index=True
    )
    # use_alter: departments and employees point at each other
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("hr_employee.id", ondelete="SET NULL", use_alter=True)
    )

    parent: Mapped[Department | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Department]] = relationship(back_populates="parent")
    head: Mapped[Employee | None] = relationship(foreign_keys=[head_id], post_update=True)

    @validates("code")
    def _upper_case(self, _key: str, value: str | None) -> str | None:
        return value.strip().upper() if isinstance(value, str) else value

    def __repr__(self) -> str:
        return f"<Department {self.code}>"


class Employee(db.Model):
    """A person on the payroll; ``user`` is their login (if any), ``manager`` the next link of
    the manager chain."""

    __tablename__ = "hr_employee"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL"), unique=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("hr_department.id", ondelete="SET NULL"), index=True
    )
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("hr_employee.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[str | None] = mapped_column(String(120))
    hire_date: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    #: annual leave a year, in working days (Vietnam's Labour Code: at least 12)
    leave_allowance: Mapped[int] = mapped_column(default=12, server_default="12")

    user: Mapped[User | None] = relationship()
    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])
    manager: Mapped[Employee | None] = relationship(remote_side=[id], back_populates="reports")
    reports: Mapped[list[Employee]] = relationship(back_populates="manager")

    @validates("email")
    def _lower_case(self, _key: str, value: str | None) -> str | None:
        return value.strip().lower() if isinstance(value, str) else value

    def __repr__(self) -> str:
        return f"<Employee {self.name}>"


class LeaveRequest(db.Model):
    """An employee's request to be away from ``first_day`` to ``last_day`` (both included)."""

    __tablename__ = "hr_leave_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("hr_employee.id"), index=True)
    leave_type: Mapped[str] = mapped_column(String(20), default="annual")
    first_day: Mapped[date]
    last_day: Mapped[date]
    working_days: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employee: Mapped[Employee] = relationship()
    decided_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<LeaveRequest {self.id} {self.state}>"
