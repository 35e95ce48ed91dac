"""The acceptance check: work in review is judged by someone other than the person who did it.

While a task is in ``review``, its assignee may no longer change it: neither accept it
(``review → done``), nor pull it back (``review → doing``), nor edit it. Anyone else who may
work on the task does that; holders of ``tasks.manage`` (managers) may do everything, their own
work included. The system (an SLA escalation, ``actor_id`` None) is not a person and is let
through. One function, :func:`may_change`, says it: the entity type's ``can_change`` (the pages
hide what it refuses) and the service-layer checks below (pages and API are refused with 403)
both ask it.
"""

from __future__ import annotations

from flask_babel import gettext as _

from core.auth import has_permission
from core.db import db
from core.errors import PermissionDenied
from core.models import User

from .permissions import MANAGE

REVIEW = "review"


def may_change(task, user) -> bool:
    """Whether ``user`` may change ``task`` as far as the review rule goes."""
    if task.state != REVIEW or task.assignee_id is None:
        return True
    if getattr(user, "id", None) != task.assignee_id:
        return True
    return has_permission(MANAGE, user)


def refuse_own_review(task, actor_id: int | None) -> None:
    """Raise ``PermissionDenied`` when ``actor_id`` may not change ``task`` under review."""
    if actor_id is None:
        return
    actor = db.session.get(User, actor_id)
    if not may_change(task, actor):
        raise PermissionDenied(
            _("Work in review is accepted or sent back by someone other than its assignee.")
        )


def check_transition(task, from_state: str, to_state: str, actor_id: int | None) -> None:
    """The entity's ``on_transition``: moves out of review follow the review rule."""
    if from_state == REVIEW:
        refuse_own_review(task, actor_id)
