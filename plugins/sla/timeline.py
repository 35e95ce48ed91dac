"""The SLA timeline told in the viewer's language: a sentence from each event's ``kind`` and
``data`` (the cause, the states by their labels, the policies, the minutes carried over).

Events keep their English ``reason`` too; an event this module cannot tell (an older row
without a cause, or a kind another version added) shows that reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

from plugins.sla.badges import duration
from plugins.sla.excuses import cause_label

#: (kind, cause) -> sentence; its placeholders are filled from the event's data
SENTENCES = {
    ("started", "created"): _l("Started: record created (%(policy)s v%(version)s)"),
    ("started", "entered"): _l("Started: entered %(state)s"),
    ("started", "applies"): _l("Started: policy %(policy)s applies now"),
    ("reopened", "reopened"): _l("Reopened: left %(from_state)s, cycle %(cycle)s"),
    ("paused", "created_in"): _l("Paused: created in %(state)s"),
    ("paused", "entered"): _l("Paused: entered %(state)s"),
    ("paused", "in"): _l("Paused: in %(state)s"),
    ("resumed", "left"): _l("Resumed: left %(from_state)s"),
    ("met", "entered"): _l("Met: entered %(state)s"),
    ("met_late", "entered"): _l("Met late: entered %(state)s"),
    ("cancelled", "entered"): _l("Cancelled: entered %(state)s"),
    ("cancelled", "tracking_off"): _l("Cancelled: SLA tracking switched off"),
    ("cancelled", "deactivated"): _l("Cancelled: policy %(policy)s deactivated"),
    ("retargeted", "no_longer_applies"): _l("Cancelled: policy %(policy)s no longer applies"),
    ("retargeted", "no_target"): _l("Cancelled: policy %(policy)s has no target %(target)s"),
    ("retargeted", "replaced"): _l("Retargeted: policy %(old_policy)s → %(policy)s"),
    ("retargeted", "carried"): _l(
        "Retargeted: policy %(old_policy)s → %(policy)s, %(carried)s carried over"
    ),
    ("restarted", "restarted"): _l("Restarted: policy %(old_policy)s → %(policy)s"),
    ("recalculated", "calendar"): _l("Recalculated: calendar %(calendar)s changed"),
    ("escalated", "level"): _l("Escalation level reached: %(percent)s of the goal"),
    ("escalated", "breach"): _l("Breached: the deadline passed"),
    ("excused", "excused"): _l("Breach excused by %(by)s: %(excuse)s"),
    ("excuse_withdrawn", "withdrawn"): _l("Excuse withdrawn by %(by)s (it was: %(excuse)s)"),
}
#: what became of each action of an escalation level, as the timeline says it
OUTCOMES = {
    "done": _l("done"),
    "failed": _l("failed"),
    "no_recipient": _l("no recipient"),
    "queued": _l("sending"),
}


def event_text(
    kind: str, data: dict | None, reason: str, state_label: Callable[[str | None], str]
) -> str:
    """The sentence for one event in the viewer's language; ``state_label(name)`` gives the
    label the record type declares for a state. Falls back to the stored English ``reason``."""
    data = data or {}
    sentence = SENTENCES.get((kind, data.get("cause")))
    if sentence is None:
        return reason
    params: dict[str, Any] = {
        "state": state_label(data.get("state")),
        "from_state": state_label(data.get("from")),
        "policy": data.get("policy", ""),
        "old_policy": data.get("old_policy", ""),
        "version": data.get("version", ""),
        "cycle": data.get("cycle", ""),
        "target": data.get("target", ""),
        "calendar": data.get("calendar", ""),
        "carried": duration(float(data.get("carried") or 0)),
        "percent": f"{float(data.get('percent') or 0):g} %",
        "by": data.get("by", ""),
        "excuse": cause_label(data.get("excuse")),
    }
    try:
        text = str(sentence) % params
    except (KeyError, TypeError, ValueError):  # a translation with a broken placeholder
        return reason
    # the excuser's own words, as they wrote them
    return f"{text} — “{data['text']}”" if data.get("text") else text
