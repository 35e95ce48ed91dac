"""Tasks: internal work with an assignee, a due date, a priority and an acceptance check.

A third-party Nhịp plugin. This module is what the host loads (the ``nhip.plugins`` entry point
of this distribution names it): the manifest and every hook implementation live here; the work
is done in the sibling modules, imported relatively so that the package also runs from an
instance's plugins folder.
"""

from flask_babel import lazy_gettext as _l

from core import Manifest, hookimpl
from core.auth import Permission, Role
from core.ui.menu import MenuItem

manifest = Manifest(
    name="tasks",
    version="1.0.0",
    label="Tasks",
    description="Internal tasks: assignee, due date, priority, and a review before done.",
    core=">=0.1,<1",
)

from . import models  # noqa: E402,F401  (the tables join the host's metadata)
from .permissions import MANAGE, READ, WRITE  # noqa: E402

TASK = "tasks.task"


@hookimpl
def register_entities():
    """``tasks.task``: the record type this plugin owns."""
    from .entities import task_entity

    return [task_entity()]


@hookimpl
def register_permissions():
    """Seeing one's tasks, working and reviewing them, and managing everyone's."""
    return [
        Permission(READ, _l("See the tasks you do, review or asked for")),
        Permission(WRITE, _l("Create, work on and review tasks")),
        Permission(MANAGE, _l("See every task, accept your own work and cancel tasks")),
    ]


@hookimpl
def register_roles():
    """``task_member`` works on tasks; ``task_manager`` and the shared ``manager`` role also
    see and settle everyone's (so that SLA escalations reaching a manager can be read)."""
    member = frozenset({READ, WRITE})
    manager = member | {MANAGE}
    return [
        Role("task_member", _l("Task member"), member),
        Role("task_manager", _l("Task manager"), manager),
        Role("manager", _l("Manager"), manager),
    ]


@hookimpl
def register_menu():
    """ "My tasks" and "To review", beside the generic task list."""
    return [
        MenuItem(
            label=_l("My tasks"),
            section=manifest.label,
            permission=READ,
            endpoint="tasks.my_tasks",
            order=1,
            icon="bi-person-check",
        ),
        MenuItem(
            label=_l("To review"),
            section=manifest.label,
            permission=READ,
            endpoint="tasks.to_review",
            order=2,
            icon="bi-clipboard-check",
        ),
    ]


@hookimpl
def register_blueprints():
    """The ``tasks`` pages under ``/tasks``."""
    from .views import bp

    return [bp]


@hookimpl
def entity_updated(entity, record, changes, actor_id):
    """A task in review is not edited by its assignee (the review rule, as for its moves)."""
    if entity.key == TASK:
        from .review import refuse_own_review

        refuse_own_review(record, actor_id)


@hookimpl
def record_badges(entity, records, user):
    """Batched: "Overdue" or "Due today" on the page's open tasks."""
    if entity.key != TASK:
        return None
    from .badges import due_badges

    return due_badges(records)


@hookimpl
def record_panels(entity, record, user):
    """The "Review" panel on a task waiting for its review."""
    if entity.key != TASK:
        return None
    from .panels import review_panel

    return review_panel(record, user)


@hookimpl
def demo_data(demo):
    """A small team and a handful of tasks in every state."""
    from .demo import load_demo

    load_demo(demo)
