"""The demo company's organisation as data: departments, employees with their logins, and leave
requests. Loaded by ``plugins.hr.demo``."""

from __future__ import annotations

DOMAIN = "nhip.local"

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
        ["employee", "manager", "sales", "sales_manager"],
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


#: every demo login, e-mail → (full name, roles): the canonical names of the demo people. The
#: CRM's and the orders' demo data create some of these logins before HR runs, with these same
#: names and roles written out in their own ``PEOPLE`` tables.
PEOPLE: dict[str, tuple[str, tuple[str, ...]]] = {
    email(key): (name, tuple(roles)) for key, name, _dept, _mgr, _pos, roles in EMPLOYEES if roles
}
