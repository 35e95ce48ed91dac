"""Durations in working minutes as short text ("1h20m", "2d 3h"). Pure."""

from __future__ import annotations


def short(minutes: float) -> str:
    """A compact duration: ``45m``, ``1h20m``, ``3h``; at least ``0m``."""
    total = max(0, int(round(minutes)))
    hours, mins = divmod(total, 60)
    if hours and mins:
        return f"{hours}h{mins:02d}m"
    if hours:
        return f"{hours}h"
    return f"{mins}m"
