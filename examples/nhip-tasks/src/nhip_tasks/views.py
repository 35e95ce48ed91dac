"""The plugin's own pages: "My tasks" and "To review", both the generic task list, filtered.
Tasks themselves use the host's generic list, record and form pages (``/r/tasks.task/``)."""

from __future__ import annotations

from flask import Blueprint, redirect
from flask_login import current_user
from werkzeug.wrappers import Response

from core.auth import requires
from core.records import entity_type
from core.ui.links import list_url

from .entities import OPEN_STATES
from .permissions import READ

bp = Blueprint("tasks", __name__, url_prefix="/tasks", template_folder="templates")


@bp.get("/mine")
@requires(READ)
def my_tasks() -> Response:
    """The viewer's open tasks, the soonest due first."""
    return redirect(
        list_url(
            entity_type("tasks.task"),
            assignee_id=current_user.id,
            state__in=",".join(OPEN_STATES),
            sort="due_date",
        )
    )


@bp.get("/to-review")
@requires(READ)
def to_review() -> Response:
    """The tasks waiting for the viewer's review."""
    return redirect(
        list_url(entity_type("tasks.task"), reviewer_id=current_user.id, state="review")
    )
