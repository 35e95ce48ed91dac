"""Languages and time zones: English and Vietnamese, chosen per user."""

from __future__ import annotations

from flask import request, session
from flask_login import current_user

from core.models.users import DEFAULT_TIMEZONE

LANGUAGES = {"en": "English", "vi": "Tiếng Việt"}


def locale_selector() -> str:
    """The viewer's language: their profile, else the session's choice, else the browser's."""
    user = current_user
    if user and getattr(user, "is_authenticated", False) and user.language in LANGUAGES:
        return user.language
    chosen = session.get("language") if request else None
    if chosen in LANGUAGES:
        return chosen
    return (request.accept_languages.best_match(list(LANGUAGES)) if request else None) or "en"


def timezone_selector() -> str:
    user = current_user
    if user and getattr(user, "is_authenticated", False) and user.timezone:
        return user.timezone
    return DEFAULT_TIMEZONE


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
