"""What every template can use: the menu, permissions, time formatting, the viewer."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_datetime

from core.auth.access import has_permission
from core.i18n import LANGUAGES


def install(app: Flask) -> None:
    app.jinja_env.globals.update(has_permission=has_permission, LANGUAGES=LANGUAGES)
    app.jinja_env.filters["localtime"] = _localtime


def _localtime(value, fmt: str = "short") -> str:
    """An aware datetime in the viewer's zone and language."""
    return "" if value is None else format_datetime(value, fmt)
