"""The host's own permissions, roles, entity types and periodic tasks, declared through the
same hooks plugins use."""

from flask_babel import lazy_gettext as _l

from core.auth import Permission, Role
from core.entities import EntityType, Field
from core.hookmarkers import hookimpl
from core.models import User


@hookimpl
def register_permissions():
    """Host permissions: administering plugins and users."""
    return [Permission("core.admin", _l("Administer plugins and users"))]


@hookimpl
def register_roles():
    """``admin`` holds every permission; ``employee`` is the base role every staff member has."""
    return [
        Role("admin", _l("Administrator"), frozenset({"*"})),
        Role("employee", _l("Employee"), frozenset()),
    ]


@hookimpl
def register_entities():
    """``core.user``: people, so that records can point at them (``Field(type="ref",
    ref="core.user")``) and show their names. Users are managed on the admin pages: the type
    is read-only."""
    return [
        EntityType(
            key="core.user",
            model=User,
            label=_l("User"),
            label_plural=_l("Users"),
            fields=(
                Field("name", "str", _l("Name"), required=True, editable=False),
                Field("email", "email", _l("E-mail"), editable=False),
                Field("active", "bool", _l("Active"), editable=False),
            ),
            read_permission="core.admin",
            write_permission="core.admin",
            title=lambda user: user.name,
            search_fields=("name", "email"),
            default_sort="name",
            menu=False,
            read_only=True,
        )
    ]


@hookimpl
def periodic_tasks():
    """``core.deliver_pending``: notifications whose delivery job was never queued or was lost
    (see ``core.notifications``) are delivered late; every minute on the workers, every 10 s
    in the embedded mode."""
    from flask import current_app

    from core.queue import Periodic

    every = 60 if current_app.config["NHIP"].queue_mode == "redis" else 10
    return [Periodic("core.deliver_pending", every, "core.notifications.deliver_pending")]
