"""Users, roles and permissions: every route declares what it needs."""

from core.auth.access import (
    Permission,
    Role,
    current_permissions,
    has_permission,
    login_only,
    public,
    requires,
)

__all__ = [
    "Permission",
    "Role",
    "current_permissions",
    "has_permission",
    "login_only",
    "public",
    "requires",
]
