"""A help-desk plugin written only for the SLA tests: the SLA plugin must track it through the
registry and hooks alone, as it would a third party's plugin."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core import Manifest, hookimpl
from core.auth import Permission, Role
from core.db import UTCDateTime, db, utcnow
from core.entities import Choice, EntityType, Field, State, Transition

manifest = Manifest(name="desk", version="1.0", label="Desk")


class Request(db.Model):
    __tablename__ = "desk_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str] = mapped_column(String(20), default="normal")
    tier: Mapped[str] = mapped_column(String(20), default="standard")
    amount: Mapped[int] = mapped_column(default=0)
    state: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int | None] = mapped_column(nullable=True)
    team: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


STATES = ("new", "open", "waiting", "done", "cancelled")
MOVES = [
    ("new", "open"),
    ("open", "waiting"),
    ("waiting", "open"),
    ("open", "done"),
    ("new", "done"),
    ("done", "open"),
    ("new", "cancelled"),
    ("open", "cancelled"),
    ("waiting", "cancelled"),
]


@hookimpl
def register_entities():
    """``desk.request``: a request with a priority, a customer tier and an owner."""
    return [
        EntityType(
            key="desk.request",
            model=Request,
            label="Request",
            label_plural="Requests",
            fields=(
                Field("subject", "str", required=True),
                Field(
                    "priority",
                    "choice",
                    choices=tuple(Choice(v) for v in ("low", "normal", "high", "urgent")),
                ),
                Field("tier", "choice", choices=tuple(Choice(v) for v in ("standard", "vip"))),
                Field("amount", "int"),
                Field("owner_id", "int"),
                Field("team", "str"),
            ),
            read_permission="desk.read",
            write_permission="desk.write",
            states=tuple(State(s, final=s == "cancelled") for s in STATES),
            transitions=tuple(Transition(a, b) for a, b in MOVES),
            initial_state="new",
            title=lambda r: r.subject,
            responsible_user=lambda r: r.owner_id,
            responsible_field="owner_id",
            responsible_department=lambda r: r.team,
        )
    ]


@hookimpl
def register_permissions():
    """``desk.read`` and ``desk.write``."""
    return [Permission("desk.read", "Read requests"), Permission("desk.write", "Write requests")]


@hookimpl
def register_roles():
    """``desk_agent`` reads and writes every request (SLA admins of the tests hold it too: a
    policy is written by someone who may read every record of its type)."""
    return [Role("desk_agent", "Desk agent", frozenset({"desk.read", "desk.write"}))]


def _slow_run(context, config):
    """An escalation action for the worker tests: the first attempt in a queued job writes
    ``marker`` (its process id) and waits to be killed; a later attempt (the marker is there)
    leaves a note and is done. Outside a job (the worker's warm-up rehearses the firing before
    its first job, in a transaction rolled back) it does not wait: the process the test kills
    must be the one running the job."""
    import os
    import threading
    from pathlib import Path

    from rq import get_current_job

    from core.models import AuditEntry
    from plugins.sla.escalation.context import Outcome

    marker = Path(config["marker"])
    if not marker.exists() and get_current_job() is not None:
        marker.write_text(str(os.getpid()))
        threading.Event().wait(120)  # the test kills this process meanwhile
        raise RuntimeError("the slow action was not killed")
    note = AuditEntry(entity="desk.request", record_id=context.record.id, kind="note")
    note.message = "slow action done"
    db.session.add(note)
    return Outcome()


@hookimpl(optionalhook=True)
def sla_action_types():
    """``desk_slow``: an action that hangs on its first attempt (worker crash tests)."""
    from plugins.sla.escalation.actions import ActionType

    return [ActionType("desk_slow", "Slow desk action", lambda config: [], _slow_run)]
