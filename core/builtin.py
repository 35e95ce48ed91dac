"""The host's own permissions and roles, declared through the same hooks plugins use."""

from flask_babel import lazy_gettext as _l

from core.auth import Permission, Role
from core.hookmarkers import hookimpl


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
