"""Menu items that plugins contribute through ``register_menu``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MenuItem:
    """A link in the main menu, under ``section``; shown only with ``permission``.

    Give ``endpoint`` (with ``args``) or ``url``; ``order`` sorts within the section.
    """

    label: Any
    section: Any
    permission: str | None = None
    endpoint: str | None = None
    args: tuple[tuple[str, Any], ...] = ()
    url: str | None = None
    order: int = 100
    icon: str = ""
