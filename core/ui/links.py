"""Where a record, a list or a form of any entity type lives.

A plugin may set ``view_endpoint`` / ``edit_endpoint`` (taking the record's id as ``id``,
``record_id`` or its only URL argument) and ``create_endpoint`` (no argument) on its entity
type; otherwise the shell's generic pages under ``/r/<entity key>/`` serve it.
"""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app, url_for
from flask_babel import gettext as _

from core.entities import EntityType
from core.errors import NhipError


def _endpoint_url(endpoint: str, record_id: int) -> str:
    """``url_for(endpoint)`` with the record id under the name the endpoint's rule uses."""
    rules = current_app.url_map.iter_rules(endpoint)
    arguments = next(iter(rules)).arguments
    if "id" in arguments or not arguments:
        name = "id"
    elif "record_id" in arguments:
        name = "record_id"
    else:
        name = sorted(arguments)[0]
    return url_for(endpoint, **{name: record_id})


def _record_id(record: Any) -> int:
    return record if isinstance(record, int) else record.id


def record_url(entity: EntityType, record: Any) -> str:
    """The page of ``record`` (a record or its id): the plugin's own or the generic one."""
    record_id = _record_id(record)
    if entity.view_endpoint:
        return _endpoint_url(entity.view_endpoint, record_id)
    return url_for("ui.record_view", entity_key=entity.key, record_id=record_id)


def list_url(entity: EntityType, **args: Any) -> str:
    """The generic list page of ``entity`` (``args`` become query parameters)."""
    return url_for("ui.record_list", entity_key=entity.key, **args)


def create_url(entity: EntityType) -> str:
    """The form that creates a record of ``entity``."""
    if entity.create_endpoint:
        return url_for(entity.create_endpoint)
    return url_for("ui.record_new", entity_key=entity.key)


def edit_url(entity: EntityType, record: Any) -> str:
    """The form that edits ``record``."""
    record_id = _record_id(record)
    if entity.edit_endpoint:
        return _endpoint_url(entity.edit_endpoint, record_id)
    return url_for("ui.record_edit", entity_key=entity.key, record_id=record_id)


class UnsafeTarget(NhipError):
    """A ``next`` parameter holding control or invisible characters: answered 400, not followed
    and not silently replaced (no browser or person sends one)."""

    status = 400


def next_target(target: str | None, default: str) -> str:
    """Where to go after a page that takes a ``next`` parameter (sign-in, the language switch, a
    form): ``target`` when it is a path of this site, ``default`` for any other place.

    Raises :class:`UnsafeTarget` (400) when ``target`` holds control characters (C0, DEL, C1)
    or invisible ones (bidi marks, zero-width characters, line and paragraph separators): a
    request carrying one is refused with a clear message."""
    if target and _hides_characters(target):
        raise UnsafeTarget(
            _(
                "The page to go to afterwards (next) holds control or invisible characters; "
                "the request is refused."
            )
        )
    return local_target(target, default)


def local_target(target: str | None, default: str) -> str:
    """``target`` when it is a path of this site (``/x``), else ``default``: redirects after login
    or a form never leave the site. For a ``next`` parameter of a request use
    :func:`next_target`, which refuses control characters instead of replacing them.

    Refused: anything a browser could read as another host or scheme, whatever its encoding
    (``//host``, ``/\\host``, ``%2F%2Fhost``, ``https:host``, ``\\t//host``), backslashes, and
    control characters or whitespace (browsers drop tabs and newlines inside URLs)."""
    if not target or not target.startswith("/") or "\\" in target:
        return default
    if any(_invisible(ch) for ch in target):
        return default
    seen = target
    for _level in range(4):  # each level of percent-encoding a browser or proxy might undo
        if _names_a_host(seen):
            return default
        decoded = unquote(seen)
        if decoded == seen:
            return target
        seen = decoded
    return default


def _hides_characters(target: str) -> bool:
    """Whether ``target`` (as the request carried it, decoded once) holds a control or invisible
    character. Whitespace such as a space is not one, nor an escape such as ``%0A`` that a
    link may carry in its query: those only fall back to home when they would lead away."""
    return any(unicodedata.category(ch) in _HIDDEN for ch in target)


#: Unicode categories never written in a link: controls (C0, DEL, C1), format characters (bidi
#: marks, zero-width), line and paragraph separators
_HIDDEN = ("Cc", "Cf", "Zl", "Zp")


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in _HIDDEN


def _names_a_host(target: str) -> bool:
    """Whether a browser could read ``target`` (invisible characters dropped) as a host."""
    visible = "".join(ch for ch in target if not _invisible(ch)).replace("\\", "/")
    parts = urlsplit(visible)
    return visible.startswith("//") or bool(parts.scheme or parts.netloc)
