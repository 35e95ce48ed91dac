"""A help-desk plugin written only for the SLA tests: the SLA plugin must track it through the
registry and hooks alone, as it would a third party's plugin."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core import Manifest, hookimpl
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
