"""What every template can use: the menu, the bell, permissions, links, value formatting.

Globals: ``has_permission(perm)``, ``LANGUAGES``, ``main_menu()``, ``unread_notifications()``,
``record_url(entity, record)``, ``list_url(entity)``, ``create_url(entity)``,
``edit_url(entity, record)``, ``field_html(field, record, refs)``, ``field_text(field, value)``,
``cell_class(field, text)`` (a table cell's alignment and wrapping),
``url_with(**changes)`` (this page's URL with other query parameters), ``current_language()``,
``plugin_failures()`` (for admins: plugins that failed to render part of this page),
``badge_html(badge)`` and ``badge_list_html(badges, full)`` (what ``macros.html``'s ``badge``
and ``badge_list`` draw: ``core.ui.badge_markup``).
Filters: ``|localtime`` (an aware datetime in the viewer's zone and language: ``27/11/2026 14:05``,
``|localtime(short=True)``: ``27/11 14:05``), ``|localdate`` (``27/11/2026``; see
``core.ui.dates``), ``|money`` (VND),
``|in_sentence`` (a label inside a phrase: "New {{ entity.label|in_sentence }}").
"""

from __future__ import annotations

from flask import Flask, g, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, select

from core.auth.access import has_permission
from core.db import db
from core.i18n import LANGUAGES
from core.models import Notification
from core.ui.badge_markup import badge_html, badge_list_html
from core.ui.dates import date_text, datetime_text
from core.ui.display import cell_class, field_html, field_text, format_money
from core.ui.links import create_url, edit_url, list_url, record_url
from core.ui.menu import build_menu
from core.ui.render_hooks import page_notices
from core.ui.wording import in_sentence


def install(app: Flask) -> None:
    """Register the template globals and filters above on ``app``."""
    app.jinja_env.globals.update(
        has_permission=has_permission,
        LANGUAGES=LANGUAGES,
        main_menu=main_menu,
        unread_notifications=unread_notifications,
        record_url=record_url,
        list_url=list_url,
        create_url=create_url,
        edit_url=edit_url,
        field_html=field_html,
        field_text=field_text,
        cell_class=cell_class,
        current_language=current_language,
        url_with=url_with,
        plugin_failures=page_notices,
        badge_html=badge_html,
        badge_list_html=badge_list_html,
    )
    app.jinja_env.filters["localtime"] = datetime_text
    app.jinja_env.filters["localdate"] = date_text
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["in_sentence"] = in_sentence
    app.jinja_env.add_extension("jinja2.ext.do")


def current_language() -> str:
    """The language code the page is rendered in (``en`` or ``vi``)."""
    locale = get_locale()
    return locale.language if locale else "en"


def url_with(**changes) -> str:
    """The current page's URL with some query parameters changed (``None`` removes one)."""
    args = request.args.to_dict(flat=False)
    for name, value in changes.items():
        if value is None or value == "":
            args.pop(name, None)
        else:
            args[name] = [value]
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def main_menu():
    """The viewer's menu sections (computed once per request)."""
    if "nhip_menu" not in g:
        g.nhip_menu = build_menu() if current_user.is_authenticated else []
    return g.nhip_menu


def unread_notifications() -> int:
    """How many unread notifications the viewer has: one COUNT query per request."""
    if not current_user.is_authenticated:
        return 0
    if "nhip_unread" not in g:
        g.nhip_unread = db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        )
    return g.nhip_unread
