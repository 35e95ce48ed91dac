"""The administration pages' entries in the main menu (a builtin hook implementation)."""

from flask_babel import lazy_gettext as _l

from core.hookmarkers import hookimpl
from core.ui.menu import MenuItem


@hookimpl
def register_menu():
    """``Settings → Plugins``, ``Users`` and ``Background jobs``, for holders of ``core.admin``."""
    section = _l("Settings")
    return [
        MenuItem(
            _l("Plugins"),
            section=section,
            permission="core.admin",
            endpoint="admin.plugins",
            order=10,
            icon="puzzle",
        ),
        MenuItem(
            _l("Users"),
            section=section,
            permission="core.admin",
            endpoint="admin.users",
            order=20,
            icon="people",
        ),
        MenuItem(
            _l("Background jobs"),
            section=section,
            permission="core.admin",
            endpoint="admin.jobs",
            order=30,
            icon="hourglass-split",
        ),
    ]
