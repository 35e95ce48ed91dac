"""Saving and exporting SLA configuration: calendars and versioned policies, by name.

``apply`` loads a whole document all or nothing; ``export`` writes the same format, so an
export imported again changes nothing. Editing a policy makes a new version only when what it
says changed; running clocks keep the version they started under.
"""

from __future__ import annotations

from typing import Any

from core.db import db, utcnow
from core.errors import ValidationError
from plugins.sla.config_document import read
from plugins.sla.config_goals import goal_problem
from plugins.sla.config_schema import Context, validate_document
from plugins.sla.ending import active_policy_ids, end_deactivated
from plugins.sla.escalation.actions import action_types
from plugins.sla.failures import clear
from plugins.sla.models import Calendar, Clock, Policy, PolicyVersion, Target
from plugins.sla.models.calendar import WEEKDAYS
from plugins.sla.models.clock import RUNNING
from plugins.sla.switches import trackable_types


class ConfigError(ValidationError):
    """The document has problems; ``problems`` lists them, each with its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__({"document": "; ".join(problems)}, "invalid SLA configuration")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(self.problems)


def context() -> Context:
    """What checking a document needs to know of this instance (its calendars included)."""
    existing = {c.name: c.definition() for c in db.session.execute(db.select(Calendar)).scalars()}
    return Context(
        entities={e.key: e for e in trackable_types()},
        calendars=set(existing),
        actions=action_types(),
        definitions=existing,
    )


def parse(text: str | bytes) -> Any:
    """The document in ``text`` (a file's content); ConfigError if it cannot be read safely."""
    doc, problems = read(text)
    if problems:
        raise ConfigError(problems)
    return doc


def check(doc: Any) -> None:
    """ConfigError listing every problem of ``doc``, including goals of policies already saved
    that a calendar of ``doc`` would put out of reach."""
    problems = validate_document(doc, context())
    if not problems:
        replaced = {p["name"] for p in doc.get("policies", [])}
        for index, calendar in enumerate(doc.get("calendars", [])):
            problems += [
                f"calendars[{index}]: {problem}"
                for problem in goals_on(calendar, calendar["name"], replaced)
            ]
    if problems:
        raise ConfigError(problems)


def goals_on(definition: dict, name: str | None, replaced: set[str] = frozenset()) -> list[str]:
    """Saved policies' goals that the calendar ``name`` could not reach if it became
    ``definition`` (policies named in ``replaced`` are being replaced and checked anew)."""
    if name is None:
        return []
    calendar_id = db.session.execute(
        db.select(Calendar.id).where(Calendar.name == name)
    ).scalar_one_or_none()
    if calendar_id is None:
        return []
    problems = []
    for policy in db.session.execute(db.select(Policy)).scalars():
        version = policy.current_version
        if version is None or policy.name in replaced:
            continue
        for target in version.targets:
            if (target.calendar_id or version.calendar_id) != calendar_id:
                continue
            problem = goal_problem(target.minutes, definition)
            if problem:
                problems.append(f"policy {policy.name!r}, target {target.name!r}: {problem}")
    return problems


def apply(doc: dict, actor_id: int | None = None, *, commit: bool = True) -> dict[str, list]:
    """Create or update every calendar and policy of ``doc`` by name, all or nothing; the
    report's ``ended`` lists ``(policy name, running clocks cancelled)`` of each policy it
    deactivated."""
    check(doc)
    report: dict[str, list] = {"created": [], "updated": [], "unchanged": [], "ended": []}
    try:
        for definition in doc.get("calendars", []):
            outcome = save_calendar(definition)
            report[outcome].append(f"calendar {definition['name']}")
        db.session.flush()
        active_before = active_policy_ids()
        for definition in doc.get("policies", []):
            outcome = save_policy(definition, actor_id)
            report[outcome].append(f"policy {definition['name']}")
        # a policy deactivated here ends its running clocks now (plugins.sla.ending)
        report["ended"] = list(end_deactivated(active_before, actor_id).items())
        if commit:
            db.session.commit()
        else:
            db.session.flush()
    except Exception:
        db.session.rollback()
        raise
    return report


def _calendar_fields(definition: dict) -> dict:
    week = definition.get("week") or {}
    return {
        "timezone": definition.get("timezone") or "Asia/Ho_Chi_Minh",
        "country": definition.get("country") or None,
        "week": {d: list(week[d]) for d in WEEKDAYS if week.get(d)},
        "holidays": sorted(definition.get("holidays") or []),
        "workdays": sorted(definition.get("workdays") or []),
    }


def save_calendar(definition: dict) -> str:
    """Create or update one calendar; running clocks on it get new deadlines."""
    fields = _calendar_fields(definition)
    row = db.session.execute(
        db.select(Calendar).where(Calendar.name == definition["name"])
    ).scalar_one_or_none()
    if row is None:
        db.session.add(Calendar(name=definition["name"], **fields))
        return "created"
    current = {k: getattr(row, k) for k in fields}
    current["holidays"] = sorted(current["holidays"] or [])
    current["workdays"] = sorted(current["workdays"] or [])
    if current == fields:
        return "unchanged"
    _replan_running(row, fields)
    clear(_policies_on(row.id))
    return "updated"


def _policies_on(calendar_id: int) -> list[Policy]:
    """Policies whose current version uses the calendar (for itself or for a target)."""
    on_targets = db.select(Target.version_id).where(Target.calendar_id == calendar_id)
    versions = db.select(PolicyVersion.id).where(
        (PolicyVersion.calendar_id == calendar_id) | PolicyVersion.id.in_(on_targets)
    )
    return list(
        db.session.execute(db.select(Policy).where(Policy.current_version_id.in_(versions)))
        .scalars()
        .unique()
    )


def _replan_running(calendar: Calendar, fields: dict) -> None:
    """Apply a calendar's new definition: running clocks keep the working time they used
    (measured on the old definition) and get deadlines on the new one. The past is not
    re-planned: a clock that had already breached keeps the instant it broke."""
    from plugins.sla.clocks import note_breach, record_event, reschedule, spent_at

    now = utcnow()
    running = (
        db.session.execute(
            db.select(Clock).where(Clock.calendar_id == calendar.id, Clock.state == RUNNING)
        )
        .scalars()
        .all()
    )
    used: dict[int, float] = {}
    for clock in running:
        note_breach(clock, now)
        used[clock.id] = spent_at(clock, now)
    for key, value in fields.items():
        setattr(calendar, key, value)
    calendar.revision = (calendar.revision or 1) + 1
    db.session.flush()
    for clock in running:
        clock.spent_minutes = used[clock.id]
        clock.resumed_at = now
        reschedule(clock, now)
        record_event(
            clock,
            "recalculated",
            f"calendar {calendar.name} changed",
            now,
            data={"cause": "calendar", "calendar": calendar.name, "spent": used[clock.id]},
        )


def _version_content(definition: dict, calendars: dict[str, int]) -> dict:
    return {
        "conditions": definition.get("conditions") or {},
        "calendar_id": calendars[definition["calendar"]],
        "on_change": definition.get("on_change", "carry_over"),
        "targets": [_target_content(t, calendars) for t in definition["targets"]],
    }


def _target_content(target: dict, calendars: dict[str, int]) -> dict:
    return {
        "name": target["name"],
        "start": list(target.get("start", [])),
        "pause": list(target.get("pause", [])),
        "stop": list(target.get("stop", [])),
        "cancel": list(target.get("cancel", [])),
        "minutes": int(target["minutes"]),
        "warn": sorted(target.get("warn", [])),
        "escalations": list(target.get("escalations", [])),
        "calendar_id": calendars[target["calendar"]] if target.get("calendar") else None,
    }


def _stored_content(version: PolicyVersion) -> dict:
    return {
        "conditions": version.conditions or {},
        "calendar_id": version.calendar_id,
        "on_change": version.on_change,
        "targets": [
            {
                "name": t.name,
                "start": list(t.start),
                "pause": list(t.pause),
                "stop": list(t.stop),
                "cancel": list(t.cancel),
                "minutes": t.minutes,
                "warn": sorted(t.warn or []),
                "escalations": list(t.escalations or []),
                "calendar_id": t.calendar_id,
            }
            for t in version.targets
        ],
    }


def save_policy(definition: dict, actor_id: int | None = None) -> str:
    """Create a policy, or give it a new version when what it says changed."""
    calendars = dict(db.session.execute(db.select(Calendar.name, Calendar.id)).all())
    content = _version_content(definition, calendars)
    policy = db.session.execute(
        db.select(Policy).where(Policy.name == definition["name"])
    ).scalar_one_or_none()
    outcome = "updated"
    if policy is None:
        policy = Policy(name=definition["name"], entity=definition["entity"])
        db.session.add(policy)
        outcome = "created"
    meta_changed = (
        policy.entity != definition["entity"]
        or policy.order != definition.get("order", 100)
        or policy.active != definition.get("active", True)
    )
    policy.entity = definition["entity"]
    policy.order = definition.get("order", 100)
    policy.active = definition.get("active", True)
    db.session.flush()
    if policy.current_version is not None and _stored_content(policy.current_version) == content:
        return "updated" if meta_changed else "unchanged"
    number = 1 + (
        db.session.execute(
            db.select(db.func.max(PolicyVersion.number)).where(PolicyVersion.policy_id == policy.id)
        ).scalar()
        or 0
    )
    version = PolicyVersion(
        policy_id=policy.id,
        number=number,
        conditions=content["conditions"],
        calendar_id=content["calendar_id"],
        on_change=content["on_change"],
        created_by=actor_id,
    )
    for position, target in enumerate(content["targets"]):
        version.targets.append(Target(position=position, **target))
    db.session.add(version)
    db.session.flush()
    policy.current_version = version
    clear([policy])
    return outcome


def export() -> dict:
    """Every calendar and policy (current versions) in the import format."""
    calendars = db.session.execute(db.select(Calendar).order_by(Calendar.name)).scalars().all()
    names = {c.id: c.name for c in calendars}
    policies = (
        db.session.execute(db.select(Policy).order_by(Policy.entity, Policy.order, Policy.name))
        .scalars()
        .all()
    )
    out_policies = []
    for policy in policies:
        version = policy.current_version
        if version is None:
            continue
        targets = []
        for t in version.targets:
            item = {
                "name": t.name,
                "start": list(t.start),
                "pause": list(t.pause),
                "stop": list(t.stop),
                "cancel": list(t.cancel),
                "minutes": t.minutes,
                "warn": list(t.warn or []),
                "escalations": list(t.escalations or []),
            }
            if t.calendar_id:
                item["calendar"] = names[t.calendar_id]
            targets.append(item)
        out_policies.append(
            {
                "name": policy.name,
                "entity": policy.entity,
                "order": policy.order,
                "active": policy.active,
                "conditions": version.conditions or {},
                "calendar": names[version.calendar_id],
                "on_change": version.on_change,
                "targets": targets,
            }
        )
    return {"calendars": [c.definition() for c in calendars], "policies": out_policies}
