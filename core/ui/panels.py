"""Panels: blocks of HTML that plugins add to record pages and to the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class Panel:
    """A titled block; ``html`` is trusted markup the plugin rendered (escape user data!).
    ``failed`` marks the placeholder of a plugin that failed to render its panel."""

    title: Any
    html: Markup
    order: int = 100
    source: str = ""
    failed: bool = False
