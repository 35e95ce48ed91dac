"""Hooks called while a page is drawn: badges, panels, dashboard widgets, menu items, list
filters and orderings, the consequences of a move listed before it is confirmed.

A plugin whose implementation raises must not take the page down: its answer is left out, the
error is logged with the plugin's name and its traceback, and administrators (permission
``core.admin``) see a marked placeholder saying which plugin failed, in place of a panel or
widget, or above the page for the rest. Other users see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, has_request_context, request
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from core.auth.access import has_permission
from core.ui.panels import Panel

#: who sees the placeholders of failed plugins
ADMIN_PERMISSION = "core.admin"

#: what the placeholder says, per hook: ``%(name)s`` is the plugin
MESSAGES = {
    "record_panels": _l("Plugin %(name)s failed to render its panel — see the log."),
    "dashboard_widgets": _l("Plugin %(name)s failed to render its dashboard widget — see the log."),
    "record_badges": _l("Plugin %(name)s failed to render its badges — see the log."),
    "register_menu": _l("Plugin %(name)s failed to render its menu items — see the log."),
    "list_filters": _l("Plugin %(name)s failed to render its list filters — see the log."),
    "list_sorts": _l("Plugin %(name)s failed to render its list orderings — see the log."),
    "list_default_sort": _l("Plugin %(name)s failed to render its list orderings — see the log."),
    "transition_consequences": _l(
        "Plugin %(name)s could not say what this change will do — see the log."
    ),
}

#: hooks whose placeholder takes the place of the missing block (a panel) on the page
IN_PLACE = ("record_panels", "dashboard_widgets")

#: where a placeholder panel goes among the others (after them)
PLACEHOLDER_ORDER = 10_000


@dataclass(frozen=True)
class RenderFailure:
    """One plugin's implementation of one hook raised while this page was drawn."""

    plugin: str
    hook: str

    @property
    def message(self) -> str:
        """The placeholder's text, in the viewer's language."""
        return str(MESSAGES.get(self.hook, MESSAGES["record_panels"])) % {"name": self.plugin}


def call_render_hook(hook_name: str, **kwargs: Any) -> list[Any]:
    """Every enabled plugin's answer to ``hook_name`` (None answers left out, pluggy's order);
    a plugin that raises is logged, noted for the placeholders and left out."""
    host = current_app.extensions["nhip"]

    def failed(plugin: str, exc: Exception) -> None:
        current_app.logger.error(
            "plugin %s failed in %s while rendering %s",
            plugin,
            hook_name,
            _page(),
            exc_info=exc,
        )
        noted = g.setdefault("nhip_render_failures", [])
        failure = RenderFailure(plugin, hook_name)
        if failure not in noted:
            noted.append(failure)

    return [answer for _plugin, answer in host.call_each(hook_name, failed, **kwargs)]


def _page() -> str:
    return request.path if has_request_context() else "(no request)"


def visible_failures() -> list[RenderFailure]:
    """This page's failures, for an administrator; none for anyone else."""
    noted = g.get("nhip_render_failures") or []
    if not noted or not has_request_context() or not has_permission(ADMIN_PERMISSION):
        return []
    return list(noted)


def page_notices() -> list[RenderFailure]:
    """The failures shown above the page (those without a placeholder panel of their own)."""
    return [f for f in visible_failures() if f.hook not in IN_PLACE]


def placeholder_panels(hook_name: str) -> list[Panel]:
    """A marked panel per plugin whose ``hook_name`` (panels, widgets) failed, for admins."""
    return [
        Panel(
            title=failure.plugin,
            html=Markup("<p class='mb-0'>{}</p>").format(escape(failure.message)),
            order=PLACEHOLDER_ORDER,
            source=failure.plugin,
            failed=True,
        )
        for failure in visible_failures()
        if failure.hook == hook_name
    ]
