"""Badges: short coloured labels that plugins put on records in lists and record pages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any

#: a badge's urgency (the sort key of a record's badges, most urgent first)
URGENCY_OF = attrgetter("urgency")

TONES = ("success", "warning", "danger", "info", "secondary", "primary", "dark", "light")


@dataclass(frozen=True)
class Badge:
    """One badge. ``urgency`` orders badges (higher first); ``title`` is the hover text;
    ``data`` is merged into the badge's JSON in the API (``source`` and ``label`` always are).

    ``quiet`` marks an outcome that asks nothing more of anyone (an SLA target met on time):
    lists fold a row's quiet badges into one small tick (their labels on hover), so that a
    queue shows only the badges that matter for the row; record pages show them in full."""

    source: str
    label: str
    tone: str = "secondary"
    title: str = ""
    urgency: float = 0.0
    data: dict[str, Any] = field(default_factory=dict)
    quiet: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, **self.data, "label": self.label}

    @cached_property
    def api_json(self) -> dict[str, Any]:
        """What the API sends for this badge (``to_json`` made JSON-typed:
        ``core.api.serialize.badge_json``), made once: a badge cannot change, and one that
        many pages show (a met SLA target) is converted once. Read it; do not change it."""
        from core.api.serialize import badge_json

        return badge_json(self)

    @cached_property
    def api_text(self) -> str:
        """``api_json`` as JSON text, written once: an answer puts it in as it is
        (``core.api.json_text``)."""
        return json.dumps(self.api_json, ensure_ascii=False)


def badges_for(entity, records: list[Any], user) -> dict[int, list[Badge]]:
    """Every plugin's badges for ``records`` (one batched hook call), most urgent first; a
    plugin whose badges fail is left out (and logged, see ``core.ui.render_hooks``)."""
    merged: dict[int, list[Badge]] = {record.id: [] for record in records}
    if not records:
        return merged
    from core.ui.render_hooks import call_render_hook

    for answer in call_render_hook(
        "record_badges", entity=entity, records=list(records), user=user
    ):
        for record_id, badges in (answer or {}).items():
            merged.setdefault(record_id, []).extend(badges)
    for badges in merged.values():
        if len(badges) > 1:
            badges.sort(key=URGENCY_OF, reverse=True)  # stable: equals keep their order
    return merged
