"""The status a clock shows, read from its stored row: no calendar maths. Pure."""

from __future__ import annotations

from datetime import datetime

ON_TRACK, AT_RISK, BREACHED, PAUSED, MET, MET_LATE, CANCELLED = (
    "on_track",
    "at_risk",
    "breached",
    "paused",
    "met",
    "met_late",
    "cancelled",
)
STATUSES = (ON_TRACK, AT_RISK, BREACHED, PAUSED, MET, MET_LATE, CANCELLED)
TONES = {
    ON_TRACK: "success",
    AT_RISK: "warning",
    BREACHED: "danger",
    PAUSED: "secondary",
    MET: "success",
    MET_LATE: "warning",  # amber: finished, but late; red is for what is late now
    CANCELLED: "light",
}
#: higher is more urgent (badges sort on it)
URGENCY = {BREACHED: 5, AT_RISK: 4, ON_TRACK: 3, PAUSED: 2, MET_LATE: 1, MET: 0, CANCELLED: -1}


def clock_status(
    state: str, now: datetime, deadline: datetime | None, warn_at: datetime | None
) -> str:
    """``on_track``/``at_risk``/``breached`` for a running clock; else its stored state."""
    if state != "running":
        return state
    if deadline is not None and now >= deadline:
        return BREACHED
    if warn_at is not None and now >= warn_at:
        return AT_RISK
    return ON_TRACK
