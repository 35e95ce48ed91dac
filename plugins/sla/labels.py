"""The words SLA pages show for its keys: clock statuses, change rules, the states of a record
type. One place, so that badges, the panel, the preview and the policy pages say the same."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from plugins.sla.status import AT_RISK, BREACHED, CANCELLED, MET, MET_LATE, ON_TRACK, PAUSED

#: what a clock's status (or stored state) is called, in a sentence ("Ship: met late")
STATUS_LABELS = {
    ON_TRACK: _l("on track"),
    AT_RISK: _l("at risk"),
    BREACHED: _l("breached"),
    PAUSED: _l("paused"),
    MET: _l("met"),
    MET_LATE: _l("met late"),
    CANCELLED: _l("cancelled"),
    "running": _l("running"),
}

#: what a policy's ``on_change`` does, in the words of the policy form
ON_CHANGE_LABELS = {
    "carry_over": _l("carry the time spent over"),
    "restart": _l("restart the clocks"),
}

#: the pseudo-state of a target's ``start`` list that means "when the record is created"
CREATED = "created"
CREATED_LABEL = _l("record created")


def status_label(status: str) -> str:
    """The viewer's word for a status (``met_late`` → "met late" / "đạt (trễ hạn)")."""
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def on_change_label(rule: str) -> str:
    """The viewer's words for a policy's change rule; the key itself when unknown."""
    label = ON_CHANGE_LABELS.get(rule)
    return str(label) if label is not None else rule


def state_label(entity: Any, name: str | None) -> str:
    """The label a record type declares for one of its states (``confirmed`` → "Đã xác nhận");
    ``created`` is the record's creation; an undeclared state shows as its key."""
    if name is None:
        return ""
    if name == CREATED:
        return str(CREATED_LABEL)
    state = entity.state(name) if entity is not None else None
    return state.text if state is not None else name


def state_labels(entity: Any, names: list[str] | None) -> str:
    """Several states as a comma-separated list of their labels, or "—" for none."""
    return ", ".join(state_label(entity, n) for n in names or []) or "—"
