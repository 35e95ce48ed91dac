"""The demo company's organisation: departments, 25 employees in a manager chain, their logins
and about 20 leave requests in every state (idempotent: natural keys are checked first).

Departments (code · name): ``EXEC`` Ban Giám đốc (the root), and under it ``SALES`` Kinh doanh,
``WAREHOUSE`` Kho vận, ``CARE`` Chăm sóc khách hàng, ``HR`` Nhân sự, ``ACCOUNTING`` Kế toán.
The chain is CEO → department heads → staff.

Logins created here (other plugins' demo data may use them by e-mail, without importing HR;
``DemoContext.add_user`` returns an existing user unchanged, so whoever runs first creates them,
and HR links each to its employee record):

====================================  ==========  =============================================
e-mail (all ``@nhip.local``)          department  roles
====================================  ==========  =============================================
``ceo``                               EXEC        employee, manager
``head.sales``                        SALES       employee, manager, sales
``head.warehouse``                    WAREHOUSE   employee, manager, warehouse
``head.care``                         CARE        employee, manager, support
``head.hr``                           HR          employee, manager, hr_officer
``head.accounting``                   ACCOUNTING  employee, manager, purchaser
``sales1``, ``sales2``                SALES       employee, sales
``warehouse1``, ``warehouse2``        WAREHOUSE   employee, warehouse
``support1``, ``support2``            CARE        employee, support
``purchaser``                         ACCOUNTING  employee, purchaser
====================================  ==========  =============================================

The other employees have e-mails but no login. Leave requests are dated around the day the demo
is loaded and keyed by (employee, reason), so a second load adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core import records
from core.auth import has_permission
from core.db import db
from core.demo import DemoContext
from core.models import User
from plugins.hr import org
from plugins.hr.leave import Decider, decision_refusal
from plugins.hr.models import Department, Employee, LeaveRequest

DOMAIN = "nhip.local"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

#: code, name, parent code (parents first)
DEPARTMENTS = (
    ("EXEC", "Ban Giám đốc", None),
    ("SALES", "Kinh doanh", "EXEC"),
    ("WAREHOUSE", "Kho vận", "EXEC"),
    ("CARE", "Chăm sóc khách hàng", "EXEC"),
    ("HR", "Nhân sự", "EXEC"),
    ("ACCOUNTING", "Kế toán", "EXEC"),
)

#: e-mail name, full name, department, manager's e-mail name, position, login roles or None
#: (managers before their reports)
EMPLOYEES = (
    ("ceo", "Trần Quốc Bảo", "EXEC", None, "Giám đốc điều hành", ["employee", "manager"]),
    ("ha.pham", "Phạm Thu Hà", "EXEC", "ceo", "Trợ lý giám đốc", None),
    (
        "head.sales",
        "Nguyễn Minh Tuấn",
        "SALES",
        "ceo",
        "Trưởng phòng kinh doanh",
        ["employee", "manager", "sales"],
    ),
    (
        "head.warehouse",
        "Hoàng Văn Hùng",
        "WAREHOUSE",
        "ceo",
        "Trưởng kho",
        ["employee", "manager", "warehouse"],
    ),
    (
        "head.care",
        "Vũ Thị Thu Trang",
        "CARE",
        "ceo",
        "Trưởng phòng chăm sóc khách hàng",
        ["employee", "manager", "support"],
    ),
    (
        "head.hr",
        "Nguyễn Thị Hồng",
        "HR",
        "ceo",
        "Trưởng phòng nhân sự",
        ["employee", "manager", "hr_officer"],
    ),
    (
        "head.accounting",
        "Phan Văn Thành",
        "ACCOUNTING",
        "ceo",
        "Kế toán trưởng",
        ["employee", "manager", "purchaser"],
    ),
    ("sales1", "Lê Thị Lan", "SALES", "head.sales", "Nhân viên kinh doanh", ["employee", "sales"]),
    (
        "sales2",
        "Phạm Văn Đức",
        "SALES",
        "head.sales",
        "Nhân viên kinh doanh",
        ["employee", "sales"],
    ),
    ("mai.vo", "Võ Thị Mai", "SALES", "head.sales", "Nhân viên kinh doanh", None),
    ("nam.dang", "Đặng Hoàng Nam", "SALES", "head.sales", "Nhân viên kinh doanh", None),
    ("bich.truong", "Trương Thị Bích", "SALES", "head.sales", "Trợ lý kinh doanh", None),
    (
        "warehouse1",
        "Bùi Văn Long",
        "WAREHOUSE",
        "head.warehouse",
        "Nhân viên kho",
        ["employee", "warehouse"],
    ),
    (
        "warehouse2",
        "Ngô Thị Hạnh",
        "WAREHOUSE",
        "head.warehouse",
        "Nhân viên kho",
        ["employee", "warehouse"],
    ),
    ("phuc.do", "Đỗ Văn Phúc", "WAREHOUSE", "head.warehouse", "Nhân viên giao nhận", None),
    ("son.trinh", "Trịnh Văn Sơn", "WAREHOUSE", "head.warehouse", "Lái xe", None),
    (
        "support1",
        "Đinh Thị Ngọc Ánh",
        "CARE",
        "head.care",
        "Nhân viên chăm sóc khách hàng",
        ["employee", "support"],
    ),
    (
        "support2",
        "Lý Văn Khoa",
        "CARE",
        "head.care",
        "Nhân viên chăm sóc khách hàng",
        ["employee", "support"],
    ),
    ("yen.huynh", "Huỳnh Thị Yến", "CARE", "head.care", "Nhân viên tổng đài", None),
    ("thang.mai", "Mai Văn Thắng", "CARE", "head.care", "Kỹ thuật viên hỗ trợ", None),
    ("chau.ta", "Tạ Minh Châu", "HR", "head.hr", "Chuyên viên nhân sự", None),
    ("quang.ha", "Hà Văn Quang", "HR", "head.hr", "Chuyên viên tuyển dụng", None),
    (
        "purchaser",
        "Dương Thị Kim Oanh",
        "ACCOUNTING",
        "head.accounting",
        "Nhân viên mua hàng",
        ["employee", "purchaser"],
    ),
    ("tai.luong", "Lương Văn Tài", "ACCOUNTING", "head.accounting", "Kế toán viên", None),
    ("phuong.cao", "Cao Thị Phương", "ACCOUNTING", "head.accounting", "Kế toán công nợ", None),
)

#: e-mail name, type, first day (days from today; moved off a weekend), working days,
#: final state, reason (with the employee, the natural key), decision note
LEAVES = (
    ("sales1", "annual", -20, 3, "approved", "Về quê thăm gia đình", "Đồng ý."),
    ("head.sales", "annual", -14, 2, "approved", "Đưa con đi khám bệnh", ""),
    ("sales2", "sick", -15, 1, "approved", "Sốt cao, có giấy khám bệnh", ""),
    (
        "warehouse1",
        "annual",
        -12,
        2,
        "rejected",
        "Đi du lịch Đà Lạt",
        "Kho đang vào cao điểm cuối năm, em chọn ngày khác nhé.",
    ),
    ("warehouse2", "annual", -10, 5, "approved", "Nghỉ phép năm", "Đồng ý, bàn giao cho Long."),
    ("support1", "other", -8, 1, "cancelled", "Việc gia đình đột xuất", ""),
    ("support2", "sick", -6, 2, "approved", "Ốm, nghỉ theo chỉ định của bác sĩ", ""),
    ("purchaser", "unpaid", -5, 3, "approved", "Nghỉ không lương giải quyết việc riêng", ""),
    ("mai.vo", "annual", -3, 1, "submitted", "Làm thủ tục giấy tờ nhà đất", ""),
    (
        "son.trinh",
        "annual",
        -2,
        2,
        "rejected",
        "Nghỉ phép đột xuất",
        "Báo gấp quá, xe đã xếp lịch.",
    ),
    ("phuong.cao", "sick", -1, 1, "approved", "Đau răng, đi nha sĩ", ""),
    ("yen.huynh", "sick", 1, 1, "submitted", "Tái khám theo lịch hẹn", ""),
    ("nam.dang", "annual", 2, 3, "submitted", "Đám cưới em trai", ""),
    ("tai.luong", "annual", 3, 2, "approved", "Chuyển nhà", ""),
    ("bich.truong", "other", 4, 1, "cancelled", "Hẹn làm giấy tờ ở phường", ""),
    ("phuc.do", "annual", 5, 2, "submitted", "Về quê dự đám giỗ", ""),
    ("chau.ta", "annual", 7, 5, "draft", "Du lịch Phú Quốc cùng gia đình", ""),
    ("head.warehouse", "annual", 9, 3, "submitted", "Nghỉ phép năm", ""),
    ("support1", "annual", 10, 3, "draft", "Nghỉ phép năm", ""),
    ("thang.mai", "unpaid", 12, 4, "draft", "Tham gia khóa học nghiệp vụ", ""),
    ("ceo", "annual", 14, 5, "submitted", "Nghỉ phép cuối năm", ""),
    ("quang.ha", "annual", 16, 2, "submitted", "Dự lễ tốt nghiệp của con", ""),
)

#: the steps that lead from draft to each final state of the demo
PATHS = {
    "draft": (),
    "submitted": ("submitted",),
    "approved": ("submitted", "approved"),
    "rejected": ("submitted", "rejected"),
    "cancelled": ("cancelled",),
}


def email(name: str) -> str:
    """The demo e-mail ``name@nhip.local``."""
    return f"{name}@{DOMAIN}"


def load_demo(demo: DemoContext) -> None:
    """Load HR's demo data in one transaction, then commit."""
    departments = _departments()
    employees = _employees(demo, departments)
    _heads(departments, employees)
    _leaves(demo, employees)
    db.session.commit()


def _departments() -> dict[str, Department]:
    out: dict[str, Department] = {}
    for code, name, parent in DEPARTMENTS:
        found = db.session.execute(
            select(Department).where(Department.code == code)
        ).scalar_one_or_none()
        if found is None:
            values = {"code": code, "name": name, "parent_id": out[parent].id if parent else None}
            found = records.create("hr.department", values, None, commit=False)
        out[code] = found
    return out


def _employees(demo: DemoContext, departments: dict[str, Department]) -> dict[str, Employee]:
    out: dict[str, Employee] = {}
    for index, (key, name, dept, manager, position, roles) in enumerate(EMPLOYEES):
        user = demo.add_user(email(key), name, roles) if roles else None
        found = db.session.execute(
            select(Employee).where(Employee.email == email(key))
        ).scalar_one_or_none()
        if found is None:
            values = {
                "name": name,
                "email": email(key),
                "user_id": user.id if user else None,
                "department_id": departments[dept].id,
                "manager_id": out[manager].id if manager else None,
                "position": position,
                "hire_date": date(2014 + index % 11, index * 5 % 12 + 1, index * 7 % 28 + 1),
                "active": True,
            }
            found = records.create("hr.employee", values, None, commit=False)
        elif user is not None and found.user_id is None and org.employee_of_user(user.id) is None:
            records.update("hr.employee", found, {"user_id": user.id}, None, commit=False)
        out[key] = found
    return out


def _heads(departments: dict[str, Department], employees: dict[str, Employee]) -> None:
    heads = {"EXEC": "ceo", **{code: f"head.{code.lower()}" for code, *_ in DEPARTMENTS[1:]}}
    for code, department in departments.items():
        if department.head_id is None:
            head = employees[heads[code]]
            records.update("hr.department", department, {"head_id": head.id}, None, commit=False)


def _leaves(demo: DemoContext, employees: dict[str, Employee]) -> None:
    today = demo.now.astimezone(ZONE).date()
    for key, kind, offset, length, state, reason, note in LEAVES:
        employee = employees[key]
        exists = db.session.execute(
            select(LeaveRequest.id).where(
                LeaveRequest.employee_id == employee.id, LeaveRequest.reason == reason
            )
        ).first()
        if exists:
            continue
        first = _weekday_on_or_after(today + timedelta(days=offset))
        values = {
            "employee_id": employee.id,
            "leave_type": kind,
            "first_day": first,
            "last_day": _add_working_days(first, length - 1),
            "reason": reason,
        }
        owner = employee.user_id
        leave = records.create("hr.leave_request", values, owner, commit=False)
        for step in PATHS[state]:
            deciding = step in ("approved", "rejected")
            actor = _decider(employee) if deciding else owner
            if deciding and actor is None:
                break  # nobody in the demo may decide it: it stays submitted
            records.transition(
                "hr.leave_request", leave, step, actor, note=note if deciding else "", commit=False
            )


def _decider(employee: Employee) -> int | None:
    """Who decides in the demo: the manager, else the HR head, else the administrator —
    the first whom the approval rule accepts (users made by other plugins may lack roles)."""
    fallbacks = dict(
        db.session.execute(
            select(User.email, User.id).where(User.email.in_([email("head.hr"), email("admin")]))
        ).all()
    )
    candidates = [
        employee.manager.user_id if employee.manager else None,
        fallbacks.get(email("head.hr")),
        fallbacks.get(email("admin")),
    ]
    for user_id in candidates:
        user = db.session.get(User, user_id) if user_id else None
        if user is None:
            continue
        decider = Decider(user.id, has_permission("hr.approve", user), org.is_hr_officer(user))
        manager_user = employee.manager.user_id if employee.manager else None
        if decision_refusal(decider, employee.user_id, manager_user) is None:
            return user.id
    return None


def _add_working_days(day: date, count: int) -> date:
    for _ in range(count):
        day = _weekday_on_or_after(day + timedelta(days=1))
    return day


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
