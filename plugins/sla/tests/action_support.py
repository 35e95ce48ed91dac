"""Helpers of the action runner tests: a small organisation in HR (through the registry, no
import of HR), an escalation context built by hand from a real desk request and its clock,
and running actions the way the escalation job does."""

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import default as email_policy

from flask import current_app

from core import queue, records
from core.db import db, utcnow
from core.hookmarkers import hookimpl
from plugins.sla.clocks import spent_at
from plugins.sla.escalation.context import EscalationContext, Outcome
from plugins.sla.escalation.job import run_action
from plugins.sla.models import Escalation
from plugins.sla.tests.helpers import clocks_of


@dataclass
class Org:
    """``boss`` heads SUPPORT; ``lead`` reports to ``boss``; ``staff`` reports to ``lead``."""

    users: dict[str, int] = field(default_factory=dict)


def build_org(make_user, languages: dict[str, str] | None = None, *, readers: bool = True) -> Org:
    """The organisation above in HR, committed; every person has a login and, unless
    ``readers`` is false, reads desk requests (``desk_agent``: only readers of a record are
    told about it)."""
    org = Org()
    reading = ["desk_agent"] if readers else []
    for name in ("boss", "lead", "staff"):
        org.users[name] = make_user(
            f"{name}@example.com",
            roles=["employee", "manager", *reading] if name != "staff" else ["employee", *reading],
            name=name.title(),
            language=(languages or {}).get(name, "en"),
        )
    department = records.create("hr.department", {"code": "SUPPORT", "name": "Support"})
    employees = {}
    for name, manager in (("boss", None), ("lead", "boss"), ("staff", "lead")):
        employees[name] = records.create(
            "hr.employee",
            {
                "name": name.title(),
                "user_id": org.users[name],
                "department_id": department.id,
                "manager_id": employees[manager].id if manager else None,
            },
            commit=False,
        )
    records.update("hr.department", department, {"head_id": employees["boss"].id}, commit=False)
    db.session.commit()
    return org


def context_for(request, target: str = "Resolve", percent: float = 100.0) -> EscalationContext:
    """The context of ``request``'s ``target`` clock firing its ``percent`` level now, with
    the escalation row stored (flushed) as the job stores it."""
    clock = clocks_of(request)[target]
    entity = current_app.extensions["nhip"].entities.get("desk.request")
    now = utcnow()
    escalation = Escalation(
        clock=clock,
        cycle=clock.cycle,
        percent=percent,
        entity=entity.key,
        record_id=request.id,
        target_name=clock.target_name,
        due_at=clock.deadline or now,
        fired_at=now,
        responsible_user_id=clock.responsible_user_id,
        outcomes=[],
    )
    db.session.add(escalation)
    db.session.flush()
    return EscalationContext(
        entity=entity,
        record=request,
        clock=clock,
        escalation=escalation,
        percent=percent,
        now=now,
        minutes_over=spent_at(clock, now) - clock.goal_minutes,
        url=f"/r/desk.request/{request.id}",
        title=entity.title_of(request),
    )


def run(context: EscalationContext, *actions: dict) -> list[Outcome]:
    """Run ``actions`` as one level does (each in a savepoint, outcomes stored in order)."""
    outcomes = []
    for index, action in enumerate(actions):
        context.index = index
        outcome = run_action(context, action)
        context.escalation.outcomes = [
            *context.escalation.outcomes,
            outcome.as_json(action["type"]),
        ]
        outcomes.append(outcome)
    return outcomes


def finish() -> None:
    """Commit like the job, then wait for the work queued after the commit."""
    db.session.commit()
    assert queue.drain(30)


class Directory:
    """An org directory that knows only department heads (a plugin other than HR)."""

    def __init__(self, heads: dict[str, int]) -> None:
        self.heads = heads

    @hookimpl
    def department_head(self, department):
        return self.heads.get(department)


def empty_outbox(app) -> None:
    """Remove the e-mails of earlier tests (their file names may repeat: time is frozen and
    ids start again in every test)."""
    folder = app.config["NHIP"].instance / "outbox"
    for path in folder.glob("*.eml") if folder.exists() else []:
        path.unlink()


def outbox_messages(app) -> list:
    """The e-mails in the outbox, by file name."""
    folder = app.config["NHIP"].instance / "outbox"
    paths = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [message_from_bytes(p.read_bytes(), policy=email_policy) for p in paths]
