"""The SLA panel of a record page: each target with a progress bar of working time used, and
the SLA timeline that says why each thing happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from core.auth import has_permission
from core.db import db, utcnow
from core.entities import EntityType
from core.models import User
from core.ui.panels import Panel
from plugins.sla.badges import badge, left_minutes, resumes_at, round_the_clock
from plugins.sla.calendars import work_calendar, work_position
from plugins.sla.clocks import spent_at
from plugins.sla.escalation.actions import action_types
from plugins.sla.excuses import PERMISSION, cause_label
from plugins.sla.labels import state_label
from plugins.sla.models import Clock, ClockEvent, Escalation
from plugins.sla.models.clock import EXCUSE_CAUSES
from plugins.sla.timeline import OUTCOMES, event_text


@dataclass
class TargetRow:
    """One clock as the panel shows it."""

    clock: Clock
    badge: Any
    spent: float
    percent: int
    policy: str
    #: the target's calendar counts every hour (24/7): its progress is told in hours
    round_the_clock: bool = False


def panel(entity: EntityType, record: Any) -> Panel | None:
    """The panel, or None when the record has never had a clock or the viewer may not read it."""
    if not has_permission("sla.read"):
        return None
    clocks = list(
        db.session.execute(
            db.select(Clock)
            .where(Clock.entity == entity.key, Clock.record_id == record.id)
            .order_by(Clock.current.desc(), Clock.cycle.desc(), Clock.id)
        ).scalars()
    )
    if not clocks:
        return None
    now = utcnow()
    rows = []
    for clock in clocks:
        calendar = work_calendar(clock.calendar) if clock.state == "running" else None
        position = work_position(calendar, now) if calendar is not None else None
        resumes = resumes_at(calendar, now) if calendar is not None else None
        spent = spent_at(clock, now)
        rows.append(
            TargetRow(
                clock=clock,
                badge=badge(clock, now, position, resumes),
                spent=spent,
                percent=int(min(100, 100 * spent / clock.goal_minutes))
                if clock.goal_minutes
                else 0,
                policy=f"{clock.policy_version.policy.name} v{clock.policy_version.number}",
                round_the_clock=round_the_clock(clock.calendar),
            )
        )
    events = list(
        db.session.execute(
            db.select(ClockEvent)
            .where(ClockEvent.entity == entity.key, ClockEvent.record_id == record.id)
            .order_by(ClockEvent.at.desc(), ClockEvent.id.desc())
        ).scalars()
    )
    lines = [
        (event, event_text(event.kind, event.data, event.reason, lambda s: state_label(entity, s)))
        for event in events
    ]
    escalations = escalations_of(entity.key, record.id)
    excusers = {c.excused_by for c in clocks if c.excused_by}
    html = render_template(
        "sla/panel.html",
        rows=rows,
        lines=lines,
        left_minutes=left_minutes,
        escalations=escalations,
        names=people_named(escalations.values()),
        reached_names=reached_names,
        action_label=action_labels() if escalations else {},
        outcome_label=outcome_label,
        may_excuse=has_permission(PERMISSION),
        causes=[(key, cause_label(key)) for key in EXCUSE_CAUSES],
        cause_label=cause_label,
        excusers=names_of(excusers),
    )
    return Panel(title=_l("SLA"), html=Markup(html), order=10, source="sla")


def escalations_of(entity_key: str, record_id: int) -> dict[int, Escalation]:
    """The record's fired escalation levels by id (the timeline shows their actions)."""
    rows = db.session.execute(
        db.select(Escalation).where(
            Escalation.entity == entity_key, Escalation.record_id == record_id
        )
    ).scalars()
    return {row.id: row for row in rows}


def reached(outcome: dict) -> list[int]:
    """The users an action's outcome names: the people told, or the record's new owner."""
    detail = outcome.get("detail") or {}
    ids = list(detail.get("user_ids") or [])
    return ids + [detail["user_id"]] if detail.get("user_id") else ids


def reached_names(outcome: dict, names: dict[int, str]) -> str:
    return ", ".join(names[uid] for uid in reached(outcome) if uid in names)


def people_named(escalations) -> dict[int, str]:
    """The names of the people the escalations' actions reached or gave the record to (one
    query), so that the timeline says who was told."""
    return names_of({uid for e in escalations for o in e.outcomes or [] for uid in reached(o)})


def names_of(ids: set[int]) -> dict[int, str]:
    """The names (else e-mails) of these users, in one query."""
    if not ids:
        return {}
    rows = db.session.execute(db.select(User.id, User.name, User.email).where(User.id.in_(ids)))
    return {uid: name or email for uid, name, email in rows}


def action_labels() -> dict[str, str]:
    """Each action type's label in the viewer's language (asked of the plugins once a page)."""
    return {name: str(action.label) for name, action in action_types().items()}


def outcome_label(status: str) -> str:
    return str(OUTCOMES.get(status, status))
