"""The plugin's badge: urgent visits that are still open stand out in every list."""

from __future__ import annotations

from flask_babel import gettext as _

from core.ui.badges import Badge

OPEN_STATES = ("scheduled", "en_route", "on_site")


def urgent_badges(visits: list) -> dict[int, list[Badge]]:
    """``{visit id: [Badge]}`` for the open urgent visits among ``visits`` (no query needed:
    the page's records are all here)."""
    return {
        visit.id: [
            Badge(
                source="fieldservice",
                label=_("Urgent"),
                tone="danger",
                title=_("Urgent visit"),
                urgency=50,
                data={"priority": "urgent"},
            )
        ]
        for visit in visits
        if visit.priority == "urgent" and visit.state in OPEN_STATES
    }
