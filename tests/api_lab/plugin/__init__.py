"""``lab``: a plugin that exists only for the JSON API's tests.

``lab.gadget`` has every field type, a workflow with a specially permitted step, a reference,
a choice, child rows, a business check, a refusing transition rule, a row-level scope and a
badge; ``lab.shelf`` is a plain record type without workflow.
"""

from __future__ import annotations

from datetime import UTC, datetime

from core import Manifest, hookimpl
from core.auth import Permission, Role, has_permission
from core.entities import Child, Choice, EntityType, Field, State, Transition
from core.errors import BusinessRuleError
from core.ui.badges import Badge

from .models import Gadget, Part, Shelf

manifest = Manifest(
    name="lab",
    version="0.1.0",
    label="Lab",
    description="Test-only records for the JSON API",
    core=">=0.1,<1",
)

#: sizes of the record lists each record_badges call received (tests read it)
BADGE_CALLS: list[int] = []
FORBIDDEN_NAME = "forbidden"


def _visible(stmt, user):
    """Lab staff see every gadget; others only the ones they own."""
    if has_permission("lab.all", user):
        return stmt
    return stmt.where(Gadget.owner_id == user.id)


def _validate(record, values, creating):
    """A business check answering with a field message."""
    if values.get("name") == FORBIDDEN_NAME:
        return {"name": "this name is not allowed"}
    return {}


def _on_create(record, values, actor_id):
    """Number the gadget once it has an id."""
    record.code = f"G-{record.id:05d}"


def _on_transition(record, from_state, to_state, actor_id):
    """A gadget without quantity cannot become ready."""
    if to_state == "ready" and not record.quantity:
        raise BusinessRuleError("a gadget needs a quantity before it is ready")


GADGET = dict(
    key="lab.gadget",
    model=Gadget,
    label="Gadget",
    label_plural="Gadgets",
    fields=(
        Field("name", "str", "Name", required=True, max_length=80),
        Field("code", "str", "Code", editable=False),
        Field(
            "kind",
            "choice",
            "Kind",
            required=True,
            choices=(Choice("small", "Small"), Choice("large", "Large")),
        ),
        Field("quantity", "int", "Quantity", minimum=0, maximum=1000),
        Field("price", "money", "Price", minimum=0),
        Field("weight", "decimal", "Weight (kg)", minimum=0),
        Field("fragile", "bool", "Fragile"),
        Field("due_on", "date", "Due on"),
        Field("due_at", "datetime", "Due at"),
        Field("contact", "email", "Contact"),
        Field("notes", "text", "Notes", filterable=False),
        Field("owner_id", "ref", "Owner", ref="core.user"),
    ),
    read_permission="lab.read",
    write_permission="lab.write",
    states=(
        State("draft"),
        State("ready"),
        State("shipped", final=True),
        State("cancelled", final=True),
    ),
    transitions=(
        Transition("draft", "ready"),
        Transition("ready", "draft"),
        Transition("ready", "shipped", permission="lab.ship"),
        Transition("draft", "cancelled"),
        Transition("ready", "cancelled"),
    ),
    initial_state="draft",
    visible=_visible,
    validate=_validate,
    on_create=_on_create,
    on_transition=_on_transition,
    defaults=lambda actor_id: {"owner_id": actor_id},
    children=(
        Child(
            "parts",
            Part,
            fields=(
                Field("label", "str", "Label", required=True, max_length=40),
                Field("count", "int", "Count", minimum=1),
            ),
            label="Parts",
        ),
    ),
    search_fields=("name", "code"),
    responsible_user=lambda gadget: gadget.owner_id,
)


@hookimpl
def register_entities():
    """The gadget (full-featured) and the shelf (no workflow)."""
    return [
        EntityType(**GADGET),
        EntityType(
            key="lab.shelf",
            model=Shelf,
            label="Shelf",
            label_plural="Shelves",
            fields=(
                Field("name", "str", "Name", required=True, max_length=40),
                Field("capacity", "int", "Capacity", minimum=0),
            ),
            read_permission="lab.read",
            write_permission="lab.write",
        ),
    ]


@hookimpl
def register_permissions():
    """Reading, writing, shipping, and seeing every gadget."""
    return [
        Permission("lab.read", "Read the lab"),
        Permission("lab.write", "Change the lab"),
        Permission("lab.ship", "Ship gadgets"),
        Permission("lab.all", "See every gadget"),
    ]


@hookimpl
def register_roles():
    """One role per combination the tests need."""
    return [
        Role("lab_reader", "Lab reader", {"lab.read"}),
        Role("lab_writer", "Lab writer", {"lab.read", "lab.write"}),
        Role("lab_shipper", "Lab shipper", {"lab.read", "lab.ship"}),
        Role("lab_boss", "Lab boss", {"lab.read", "lab.write", "lab.ship", "lab.all"}),
    ]


@hookimpl
def record_badges(entity, records, user):
    """A badge with the quantity on every gadget (and a timestamp in its data)."""
    if entity.key != "lab.gadget":
        return None
    BADGE_CALLS.append(len(records))
    since = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return {
        r.id: [Badge("lab", f"{r.quantity or 0} pcs", "info", data={"since": since})]
        for r in records
    }
