"""Permissions and roles declared by plugins, and the markers every view carries.

A view is marked with exactly one of::

    @requires("orders.read")                      a permission
    @requires(lambda entity, **_: ...)            a permission computed from the URL arguments
    @login_only                                   any logged-in user
    @public                                       anyone

``enforce`` runs before every request: an unmarked view is refused, so forgetting a marker
fails closed (and the URL-map test names the view).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g, request
from flask_login import current_user

ALL = "*"
MARK = "_nhip_access"


@dataclass(frozen=True)
class Permission:
    """A permission a plugin declares, e.g. ``Permission("orders.read", _l("Read orders"))``."""

    name: str
    label: Any = None


@dataclass(frozen=True)
class Role:
    """A named set of permissions; ``"*"`` grants every permission."""

    name: str
    label: Any = None
    permissions: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "permissions", frozenset(self.permissions))


def requires(permission: str | Callable[..., str]):
    """Mark a view as needing ``permission`` (or the one computed from its URL arguments)."""

    def mark(view):
        setattr(view, MARK, ("permission", permission))
        return view

    return mark


def login_only(view):
    """Mark a view as open to every logged-in user."""
    setattr(view, MARK, ("login", None))
    return view


def public(view):
    """Mark a view as open to anyone, logged in or not."""
    setattr(view, MARK, ("public", None))
    return view


def access_of(view) -> tuple[str, Any] | None:
    """The marker of a view function, or None when it has none."""
    return getattr(view, MARK, None)


def roles_catalog() -> dict[str, Role]:
    """Every role the enabled plugins declare, merged by name."""
    host = current_app.extensions["nhip"]
    if "roles" in host.live.cache:
        return host.live.cache["roles"]
    merged: dict[str, Role] = {}
    for roles in host.hook.register_roles():
        for role in roles or []:
            if role.name in merged:
                old = merged[role.name]
                merged[role.name] = Role(
                    role.name, old.label or role.label, old.permissions | role.permissions
                )
            else:
                merged[role.name] = role
    host.live.cache["roles"] = merged
    return merged


def permissions_catalog() -> dict[str, Permission]:
    """Every permission the enabled plugins declare, by name."""
    host = current_app.extensions["nhip"]
    if "permissions" in host.live.cache:
        return host.live.cache["permissions"]
    out: dict[str, Permission] = {}
    for perms in host.hook.register_permissions():
        for perm in perms or []:
            out[perm.name] = perm
    host.live.cache["permissions"] = out
    return out


def permissions_of(user) -> frozenset[str]:
    """The permissions ``user``'s roles grant (``"*"`` among them for administrators)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    catalog = roles_catalog()
    granted: set[str] = set()
    for name in user.roles:
        role = catalog.get(name)
        if role:
            granted |= role.permissions
    return frozenset(granted)


def current_permissions() -> frozenset[str]:
    """The permissions of the user of this request (cached on the request)."""
    if "nhip_permissions" not in g:
        g.nhip_permissions = permissions_of(current_user)
    return g.nhip_permissions


def has_permission(permission: str | None, user=None) -> bool:
    """Whether ``user`` (default: the current one) holds ``permission``."""
    if permission is None:
        return True
    granted = current_permissions() if user is None else permissions_of(user)
    return ALL in granted or permission in granted


def enforce():
    """Before each request: check the view's marker; answer 401/redirect or 403 when refused."""
    from core.auth.login import deny_anonymous, deny_forbidden

    if request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if (
        request.endpoint == "static"
        or request.endpoint.endswith(".static")  # a blueprint's static files (CSS, images)
        or request.blueprint == "bootstrap"
    ):
        return None
    marker = access_of(view)
    if marker is None:
        current_app.logger.error("view %s declares no permission: refused", request.endpoint)
        return deny_forbidden()
    kind, value = marker
    if kind == "public":
        return None
    if not current_user.is_authenticated:
        return deny_anonymous()
    if kind == "login":
        return None
    permission = value(**(request.view_args or {})) if callable(value) else value
    if not has_permission(permission):
        return deny_forbidden()
    return None
