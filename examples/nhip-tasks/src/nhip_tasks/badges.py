"""The plugin's badges: open tasks past their due date, or due today, stand out in every list.

The due date is a calendar date, compared with today in the viewer's time zone. (SLA's badges,
if an admin tracks tasks, are about working time; these are about the date people agreed on.)
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import to_user_timezone

from core.db import utcnow
from core.ui.badges import Badge
from core.ui.dates import date_text

from .entities import OPEN_STATES


def due_badges(tasks: list) -> dict[int, list[Badge]]:
    """``{task id: [Badge]}`` for the open tasks among ``tasks`` that are due today or late
    (no query: the page's records are all here)."""
    today = to_user_timezone(utcnow()).date()
    answer: dict[int, list[Badge]] = {}
    for task in tasks:
        if task.state not in OPEN_STATES or task.due_date is None or task.due_date > today:
            continue
        late = task.due_date < today
        answer[task.id] = [
            Badge(
                source="tasks",
                label=_("Overdue") if late else _("Due today"),
                tone="danger" if late else "warning",
                title=_("Due %(date)s", date=date_text(task.due_date)),
                urgency=40 if late else 20,
                data={"due_date": task.due_date.isoformat(), "late": late},
            )
        ]
    return answer
