"""The main menu: items that plugins contribute through ``register_menu`` plus one list page
per enabled entity type, filtered by the viewer's permissions and grouped by section."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request, url_for
from flask_babel import gettext

from core.auth.access import has_permission


@dataclass(frozen=True)
class MenuItem:
    """A link in the main menu, under ``section``; shown only with ``permission``.

    Give ``endpoint`` (with ``args``) or ``url``; ``order`` sorts within the section.
    ``icon`` names a Bootstrap Icon (``people`` or ``bi-people``; served locally).
    """

    label: Any
    section: Any
    permission: str | None = None
    endpoint: str | None = None
    args: tuple[tuple[str, Any], ...] = ()
    url: str | None = None
    order: int = 100
    icon: str = ""

    def href(self) -> str:
        """Where the item leads."""
        if self.endpoint:
            return url_for(self.endpoint, **dict(self.args))
        return self.url or "#"


@dataclass
class MenuLink:
    """One item as the navbar shows it."""

    label: str
    href: str
    icon: str
    order: int
    active: bool = False


@dataclass
class MenuSection:
    """A dropdown of the navbar."""

    label: str
    links: list[MenuLink] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(link.active for link in self.links)


def entity_items() -> list[MenuItem]:
    """One item per enabled entity type: its list page, under its plugin's label."""
    host = current_app.extensions["nhip"]
    items = []
    for position, entity in enumerate(host.entities):
        if not getattr(entity, "menu", True):
            continue
        discovered = host.discovered.get(entity.plugin)
        section = discovered.manifest.label if discovered and discovered.manifest else entity.module
        items.append(
            MenuItem(
                label=entity.label_plural,
                section=section,
                permission=entity.read_permission,
                endpoint="ui.record_list",
                args=(("entity_key", entity.key),),
                order=10 + position,
                icon=entity.icon,
            )
        )
    return items


def plugin_items() -> list[MenuItem]:
    """The items every enabled plugin contributes (``register_menu``)."""
    from core.ui.render_hooks import call_render_hook

    return [item for group in call_render_hook("register_menu") for item in group or []]


def build_menu() -> list[MenuSection]:
    """The viewer's menu: permitted items, grouped by section, sections and items in order."""
    sections: dict[str, MenuSection] = {}
    seen: set[str] = set()
    path = request.path if request else ""
    for item in [*entity_items(), *plugin_items()]:
        if not has_permission(item.permission):
            continue
        try:
            href = item.href()
        except Exception:  # noqa: BLE001 - a plugin's bad endpoint must not break every page
            current_app.logger.exception("menu item %r has no URL", item.label)
            continue
        if href in seen:
            continue
        seen.add(href)
        label = gettext(str(item.section))  # plugin labels are translated by their catalogs
        section = sections.setdefault(label, MenuSection(label))
        prefix = href.rstrip("/")
        active = href != "#" and (path == href or bool(prefix) and path.startswith(prefix + "/"))
        icon = item.icon if not item.icon or item.icon.startswith("bi-") else "bi-" + item.icon
        section.links.append(MenuLink(str(item.label), href, icon, item.order, active))
    for section in sections.values():
        section.links.sort(key=lambda link: (link.order, link.label.lower()))
    ranks = plugin_section_ranks()
    return sorted(
        sections.values(), key=lambda s: (ranks.get(s.label, len(ranks)), s.label.lower())
    )


def plugin_section_ranks() -> dict[str, int]:
    """Sections named for an enabled plugin come first, in the plugins' load order (HR, CRM,
    Orders ...); other sections (Settings, a plugin's extra section) follow by name."""
    host = current_app.extensions["nhip"]
    ranks: dict[str, int] = {}
    for name in host.live.order:
        discovered = host.discovered.get(name)
        if discovered and discovered.manifest:
            ranks.setdefault(gettext(str(discovered.manifest.label)), len(ranks))
    return ranks
