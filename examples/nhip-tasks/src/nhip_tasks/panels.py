"""The "Review" panel of a task in review: who may accept the work or send it back, so that the
assignee, who sees no Accept button, knows what the task waits for."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from core.db import db
from core.models import User
from core.ui.panels import Panel

from .review import REVIEW, may_change


def review_panel(task, user) -> list[Panel] | None:
    """The panel, for a task in review; ``None`` otherwise."""
    if task.state != REVIEW:
        return None
    people = {
        name: db.session.get(User, user_id) if user_id else None
        for name, user_id in (("assignee", task.assignee_id), ("reviewer", task.reviewer_id))
    }
    html = render_template(
        "tasks/review_panel.html", task=task, may_judge=may_change(task, user), **people
    )
    return [Panel(_("Review"), Markup(html), order=20, source="tasks")]
