"""``tasks.task`` as the entity registry describes it: fields, workflow, who answers for a
task and who may see which tasks.

Workflow::

    todo ──► doing ──► review ──► done
               ▲         │
               └─ send back ┘
    todo, doing ──► cancelled            (tasks.manage only)

``done`` and ``cancelled`` are final. Leaving ``review`` follows the review rule (``review.py``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

from core.auth import has_permission
from core.entities import Choice, EntityType, Field, State, Transition

from .models import PRIORITIES, Task
from .permissions import MANAGE, READ, WRITE
from .review import check_transition, may_change

PRIORITY_LABELS = {
    "low": _l("Low"),
    "normal": _l("Normal"),
    "high": _l("High"),
    "urgent": _l("Urgent"),
}
OPEN_STATES = ("todo", "doing", "review")

STATES = (
    State("todo", _l("To do"), tone="info"),
    State("doing", _l("In progress"), tone="primary"),
    State("review", _l("In review"), tone="warning"),
    State("done", _l("Done"), final=True, tone="success"),
    State("cancelled", _l("Cancelled"), final=True, tone="secondary"),
)
TRANSITIONS = (
    Transition("todo", "doing", _l("Start")),
    Transition("doing", "review", _l("Submit for review")),
    Transition("review", "done", _l("Accept"), tone="success"),
    Transition("review", "doing", _l("Send back"), tone="warning"),
    Transition("todo", "cancelled", _l("Cancel"), permission=MANAGE, tone="danger"),
    Transition("doing", "cancelled", _l("Cancel"), permission=MANAGE, tone="danger"),
)


def visible_tasks(select, user):
    """Managers see every task; others the tasks they do, review or asked for."""
    if has_permission(MANAGE, user):
        return select
    me = getattr(user, "id", None)
    return select.where(
        or_(Task.assignee_id == me, Task.reviewer_id == me, Task.requester_id == me)
    )


def check_people(task, values: dict, creating: bool) -> dict:
    """A task's reviewer is someone other than its assignee."""
    if task.reviewer_id is not None and task.reviewer_id == task.assignee_id:
        return {"reviewer_id": str(_l("The reviewer must be someone other than the assignee."))}
    return {}


def task_entity() -> EntityType:
    """The task entity type; its assignee answers for it, then its department."""
    return EntityType(
        key="tasks.task",
        model=Task,
        label=_l("Task"),
        label_plural=_l("Tasks"),
        fields=(
            Field("title", "str", _l("Title"), required=True, max_length=200),
            Field("description", "text", _l("Description"), filterable=False, sortable=False),
            Field(
                "priority",
                "choice",
                _l("Priority"),
                choices=tuple(Choice(p, PRIORITY_LABELS[p]) for p in PRIORITIES),
            ),
            Field("due_date", "date", _l("Due date")),
            Field("assignee_id", "ref", _l("Assignee"), ref="core.user"),
            Field(
                "reviewer_id",
                "ref",
                _l("Reviewer"),
                ref="core.user",
                help=_l("Who checks the work before it is done (not the assignee)."),
            ),
            Field("requester_id", "ref", _l("Requested by"), ref="core.user"),
            Field("department", "str", _l("Department"), max_length=20),
            Field("created_at", "datetime", _l("Created"), editable=False),
        ),
        read_permission=READ,
        write_permission=WRITE,
        states=STATES,
        transitions=TRANSITIONS,
        initial_state="todo",
        title=lambda task: task.title,
        responsible_user=lambda task: task.assignee_id,
        responsible_field="assignee_id",
        responsible_department=lambda task: task.department,
        visible=visible_tasks,
        validate=check_people,
        on_transition=check_transition,
        defaults=lambda actor_id: {"requester_id": actor_id},
        can_change=may_change,
        list_columns=("title", "priority", "due_date", "assignee_id", "reviewer_id"),
        search_fields=("title", "description"),
        default_sort="due_date",
        icon="bi-check2-square",
    )
