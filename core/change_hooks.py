"""Telling the plugins about a record's change inside its transaction (``entity_created``,
``entity_updated``, ``entity_transitioned``).

The implementations run one by one in pluggy's order. One that raises refuses the change: the
failure is logged with the plugin's name and its traceback, and ``PluginFailed`` names the
plugin to the person or API client (the service function rolls the transaction back, so
nothing of the change is written). A refusal a plugin makes on purpose (any ``NhipError``:
a business rule, a conflict) and a database failure (a dropped connection is not the
plugin's fault) pass through unchanged.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from core.errors import NhipError, PluginFailed


def tell_plugins(hook_name: str, **kwargs: Any) -> None:
    """Call every enabled plugin's ``hook_name`` with ``kwargs``; raise ``PluginFailed`` for
    the first one that fails."""

    def refuse(plugin: str, exc: Exception) -> None:
        if isinstance(exc, NhipError | SQLAlchemyError):
            raise exc
        current_app.logger.error(
            "plugin %s failed in %s: the change was not saved", plugin, hook_name, exc_info=exc
        )
        message = _(
            "The change was not saved: plugin %(name)s failed while it was being made. "
            "Nothing was changed; the error is in the log.",
            name=plugin,
        )
        raise PluginFailed(message, plugin=plugin, hook=hook_name) from exc

    current_app.extensions["nhip"].call_each(hook_name, refuse, **kwargs)
