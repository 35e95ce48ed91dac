"""Languages and time zones: English and Vietnamese, chosen per user."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from flask import has_request_context, request, session
from flask_login import current_user

from core.models.users import DEFAULT_TIMEZONE

LANGUAGES = {"en": "English", "vi": "Tiếng Việt"}


def locale_selector() -> str:
    """The viewer's language: their profile, else the session's choice, else the browser's."""
    user = current_user
    if user and getattr(user, "is_authenticated", False) and user.language in LANGUAGES:
        return user.language
    chosen = session.get("language") if has_request_context() else None
    if chosen in LANGUAGES:
        return chosen
    if not has_request_context():
        return "en"
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def timezone_selector() -> str:
    """The viewer's IANA time zone: their profile's, else the company default."""
    user = current_user
    if user and getattr(user, "is_authenticated", False) and is_timezone(user.timezone):
        return user.timezone
    return DEFAULT_TIMEZONE


def viewer_zone() -> zoneinfo.ZoneInfo:
    """The viewer's time zone as a ``ZoneInfo`` (for turning form input into instants)."""
    return zoneinfo.ZoneInfo(timezone_selector())


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """Every IANA time zone name known both to zoneinfo and to pytz (Flask-Babel's), sorted."""
    import pytz

    return tuple(sorted(zoneinfo.available_timezones() & pytz.all_timezones_set))


def is_timezone(name: str | None) -> bool:
    """Whether ``name`` is a known IANA time zone (``Asia/Ho_Chi_Minh``, ``UTC`` ...)."""
    if not name or name not in timezone_names():
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def translation_directories(host) -> str:
    """The host's catalog folder and every plugin's ``translations/`` folder, ``;``-joined."""
    from pathlib import Path

    folders = [str(Path(__file__).parent / "translations")]
    for item in host.discovered.values():
        if item.module is not None and getattr(item.module, "__file__", None):
            folder = Path(item.module.__file__).parent / "translations"
            if folder.is_dir():
                folders.append(str(folder))
    return ";".join(folders)
