"""Demonstration data (the ``demo_data`` hook): two technicians, a dispatcher, a dozen visits
from two days ago to two days ahead, in every state. Idempotent: a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta

from core.db import db
from core.demo import DemoContext
from core.records import create, transition, update

from .models import Visit

TECHNICIANS = (("tech1@nhip.local", "Võ Văn Tài"), ("tech2@nhip.local", "Huỳnh Thị Ngọc"))
DISPATCHER = ("dispatch@nhip.local", "Đặng Thu Trang")
SITES = (
    ("Nhà hàng Phở Việt", "12 Lý Tự Trọng, Quận 1, TP. Hồ Chí Minh", "installation"),
    ("Khách sạn Sông Hàn", "45 Bạch Đằng, Hải Châu, Đà Nẵng", "maintenance"),
    ("Cửa hàng Minh Phát", "88 Trần Hưng Đạo, Hoàn Kiếm, Hà Nội", "repair"),
    ("Công ty May Thành Công", "Lô B3, KCN Tân Bình, TP. Hồ Chí Minh", "inspection"),
    ("Quán cà phê Gió", "7 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh", "repair"),
    ("Trường Tiểu học Hòa Bình", "21 Lê Lợi, TP. Huế", "maintenance"),
    ("Siêu thị Mini Phú Quý", "150 Cách Mạng Tháng Tám, Quận 3, TP. Hồ Chí Minh", "repair"),
    ("Phòng khám An Tâm", "9 Hai Bà Trưng, Ninh Kiều, Cần Thơ", "installation"),
    ("Nhà sách Tri Thức", "33 Phan Chu Trinh, Hoàn Kiếm, Hà Nội", "inspection"),
    ("Xưởng gỗ Đức Long", "Ấp 3, Thuận An, Bình Dương", "repair"),
    ("Tiệm bánh Hạnh Phúc", "60 Võ Văn Tần, Quận 3, TP. Hồ Chí Minh", "maintenance"),
    ("Văn phòng Luật Chính Trực", "18 Tôn Đức Thắng, Quận 1, TP. Hồ Chí Minh", "repair"),
)
# the states each visit walks through, in the order of SITES
PATHS = (
    ("en_route", "on_site", "done"),
    ("en_route", "on_site", "done"),
    ("en_route", "on_site"),
    ("en_route",),
    (),
    (),
    ("cancelled",),
    ("en_route", "scheduled"),
    (),
    ("en_route", "on_site", "done"),
    (),
    (),
)


def load_demo(demo: DemoContext) -> None:
    """Create the demo people and visits unless the first demo visit already exists."""
    technicians = [demo.add_user(e, n, ["employee", "technician"]) for e, n in TECHNICIANS]
    dispatcher = demo.add_user(*DISPATCHER, ["employee", "dispatcher"])
    if db.session.execute(db.select(Visit.id).where(Visit.customer == SITES[0][0])).first():
        return
    for number, ((customer, address, kind), path) in enumerate(zip(SITES, PATHS, strict=True)):
        technician = technicians[number % len(technicians)]
        when = demo.now + timedelta(hours=-48 + number * 8 + demo.rng.randint(0, 3))
        visit = create(
            "fieldservice.visit",
            {
                "customer": customer,
                "address": address,
                "phone": f"09{demo.rng.randint(10_000_000, 99_999_999)}",
                "kind": kind,
                "priority": "urgent" if number % 4 == 2 else "normal",
                "scheduled_for": when.replace(minute=0, second=0, microsecond=0),
                "technician_id": technician.id,
                "department": "FIELD",
            },
            dispatcher.id,
            commit=False,
        )
        for state in path:
            if state == "done":
                report = {"report": "Đã kiểm tra và xử lý xong, khách hàng đã ký biên bản."}
                update("fieldservice.visit", visit, report, technician.id, commit=False)
            actor = dispatcher.id if state in ("cancelled", "scheduled") else technician.id
            transition("fieldservice.visit", visit, state, actor, commit=False)
