"""Demonstration data (the ``demo_data`` hook): a manager, two team members and a handful of
tasks in every state, some late. Idempotent: a second run adds nothing."""

from __future__ import annotations

from datetime import timedelta

from core.db import db
from core.demo import DemoContext
from core.records import create, transition

from .models import Task

MANAGER = ("tasks.lead@nhip.local", "Phạm Thị Lan")
MEMBERS = (("tasks.an@nhip.local", "Lê Văn An"), ("tasks.binh@nhip.local", "Trịnh Thị Bình"))
# title, priority, due in days from today, the states it walks through
TASKS = (
    ("Chuẩn bị báo cáo doanh thu tháng 11", "high", 3, ()),
    ("Gia hạn tên miền công ty", "urgent", -1, ()),
    ("Cập nhật danh bạ nhà cung cấp", "normal", 5, ("doing",)),
    ("Soạn quy trình tiếp nhận khiếu nại", "normal", 2, ("doing", "review")),
    ("Kiểm kê văn phòng phẩm", "low", -2, ("doing", "review", "done")),
    ("Đặt phòng họp cho hội nghị quý I", "low", 10, ("cancelled",)),
)


def load_demo(demo: DemoContext) -> None:
    """Create the demo people and tasks unless the first demo task already exists."""
    lead = demo.add_user(*MANAGER, ["employee", "task_manager"])
    members = [demo.add_user(e, n, ["employee", "task_member"]) for e, n in MEMBERS]
    if db.session.execute(db.select(Task.id).where(Task.title == TASKS[0][0])).first():
        return
    for number, (title, priority, days, path) in enumerate(TASKS):
        assignee, reviewer = members[number % 2], members[(number + 1) % 2]
        task = create(
            "tasks.task",
            {
                "title": title,
                "priority": priority,
                "due_date": demo.now.date() + timedelta(days=days),
                "assignee_id": assignee.id,
                "reviewer_id": reviewer.id,
                "department": "OFFICE",
            },
            lead.id,
            commit=False,
        )
        for state in path:
            actor = {"done": reviewer.id, "cancelled": lead.id}.get(state, assignee.id)
            transition("tasks.task", task, state, actor, commit=False)
