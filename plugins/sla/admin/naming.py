"""Names on the calendar and policy forms: both are saved by name (``config_store`` finds the
row by it, as the import file does), so a form checks that the name it was given is free and
renames the row it edits before saving."""

from __future__ import annotations

from core.db import db


def another_is_called(model, name: str, edited) -> bool:
    """Whether a row of ``model`` other than ``edited`` (None for a new one) is called
    ``name``."""
    clash = db.session.execute(db.select(model).where(model.name == name)).scalar_one_or_none()
    return clash is not None and clash is not edited


def rename(edited, name: str) -> None:
    """Give the edited row (None for a new one) its new name, so that saving by name finds it."""
    if edited is not None and edited.name != name:
        edited.name = name
        db.session.flush()
