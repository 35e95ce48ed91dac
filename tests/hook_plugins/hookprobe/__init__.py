"""A plugin that implements every hook of ``core/hookspecs.py`` and records how it was called,
so that ``tests/test_hooks.py`` can show that the host calls each hook with the documented
arguments and uses what it returns. ``CALLS`` holds ``(hook, arguments)``; ``KNOBS`` lets a
test make a hook raise or answer differently. Both are reset by the tests."""

from __future__ import annotations

from typing import Any

import click
from flask import Blueprint
from markupsafe import Markup
from sqlalchemy import func

from core import Manifest, hookimpl
from core.auth import Permission, Role, public, requires
from core.entities import Choice, EntityType, Field, State, Transition
from core.listing import ListFilter, ListSort
from core.queue import Periodic
from core.ui.badges import Badge
from core.ui.menu import MenuItem
from core.ui.panels import Panel

manifest = Manifest(name="hookprobe", version="1.0", label="Hook probe")

from .models import Gadget  # noqa: E402

KEY = "hookprobe.gadget"
CALLS: list[tuple[str, dict[str, Any]]] = []
KNOBS: dict[str, Any] = {"fail": set(), "default_sort": None, "managers": {}, "heads": {}}

bp = Blueprint("hookprobe", __name__, url_prefix="/hookprobe")


def _record(hook: str, **arguments: Any) -> None:
    if "user" in arguments:  # pages pass flask-login's proxy: note who it was at call time
        arguments["user_id"] = getattr(arguments["user"], "id", None)
    CALLS.append((hook, arguments))
    if hook in KNOBS["fail"]:
        raise RuntimeError(f"hookprobe refuses in {hook}")


def calls(hook: str) -> list[dict[str, Any]]:
    """The arguments of every recorded call of ``hook``."""
    return [arguments for name, arguments in CALLS if name == hook]


@bp.get("/ping")
@public
def ping():
    """A public route of the probe."""
    return "pong"


@bp.get("/shelf")
@requires("hookprobe.read")
def shelf():
    """A route for gadget readers only."""
    return "gadgets"


@hookimpl
def register_blueprints():
    """The probe's blueprint."""
    _record("register_blueprints")
    return [bp]


@hookimpl
def register_entities():
    """``hookprobe.gadget`` with a three-state workflow."""
    _record("register_entities")
    return [
        EntityType(
            key=KEY,
            model=Gadget,
            label="Gadget",
            label_plural="Gadgets",
            fields=(
                Field("name", "str", "Name", required=True, max_length=100),
                Field("size", "choice", "Size", choices=(Choice("S"), Choice("M"), Choice("L"))),
                Field("owner_id", "ref", "Owner", ref="core.user"),
            ),
            read_permission="hookprobe.read",
            write_permission="hookprobe.write",
            states=(State("draft"), State("active"), State("retired", final=True)),
            transitions=(Transition("draft", "active"), Transition("active", "retired")),
            initial_state="draft",
            title=lambda gadget: gadget.name,
            responsible_user=lambda gadget: gadget.owner_id,
            list_columns=("name", "size"),
            default_sort="id",
        )
    ]


@hookimpl
def register_permissions():
    """Reading and writing gadgets."""
    _record("register_permissions")
    return [
        Permission("hookprobe.read", "Read gadgets"),
        Permission("hookprobe.write", "Change gadgets"),
    ]


@hookimpl
def register_roles():
    """The ``gadgeteer`` reads and writes gadgets."""
    _record("register_roles")
    return [Role("gadgeteer", "Gadgeteer", frozenset({"hookprobe.read", "hookprobe.write"}))]


@hookimpl
def register_menu():
    """One item, "Gadget shelf", for gadget readers."""
    _record("register_menu")
    return [MenuItem("Gadget shelf", "Gadgets", "hookprobe.read", url="/hookprobe/ping")]


@click.command("gadgets-count")
def gadgets_count() -> None:
    """Print how many gadgets there are."""
    from flask import current_app

    from core.db import db

    with current_app.app_context():
        click.echo(f"{db.session.query(Gadget).count()} gadgets")


@hookimpl
def register_commands():
    """``nhip gadgets-count``."""
    _record("register_commands")
    return [gadgets_count]


@hookimpl
def app_ready(app):
    """Marks the application as seen by the probe."""
    _record("app_ready", app=app)
    app.config["HOOKPROBE_READY"] = True


@hookimpl
def entity_created(entity, record, actor_id):
    """Records the creation (may raise, through ``KNOBS["fail"]``)."""
    _record("entity_created", entity=entity, record=record, actor_id=actor_id)


@hookimpl
def entity_updated(entity, record, changes, actor_id):
    """Records the update."""
    _record("entity_updated", entity=entity, record=record, changes=changes, actor_id=actor_id)


@hookimpl
def entity_transitioned(entity, record, from_state, to_state, actor_id, note):
    """Records the transition."""
    _record(
        "entity_transitioned",
        entity=entity,
        record=record,
        from_state=from_state,
        to_state=to_state,
        actor_id=actor_id,
        note=note,
    )


@hookimpl
def record_badges(entity, records, user):
    """A ``gadget-<id>`` badge on every gadget of the page (one call per page)."""
    _record("record_badges", entity=entity, records=list(records), user=user)
    if entity.key != KEY:
        return None
    return {g.id: [Badge("hookprobe", f"gadget-{g.id}", data={"size": g.size})] for g in records}


@hookimpl
def transition_consequences(entity, record, to_state, user):
    """A sentence before a gadget is moved to a final state."""
    _record("transition_consequences", entity=entity, record=record, to_state=to_state, user=user)
    if entity.key != KEY:
        return None
    return [f"Gadget {record.name} goes to the {to_state} shelf."]


@hookimpl
def record_panels(entity, record, user):
    """A "Gadget facts" panel on a gadget's page."""
    _record("record_panels", entity=entity, record=record, user=user)
    if entity.key != KEY:
        return None
    return [Panel("Gadget facts", Markup("<p class='probe'>size {}</p>").format(record.size))]


@hookimpl
def list_filters(entity, user):
    """``?big=yes`` keeps the large gadgets."""
    _record("list_filters", entity=entity, user=user)
    if entity.key != KEY:
        return None
    return [
        ListFilter(
            "big", "Big ones", (Choice("yes", "Yes"),), lambda s, _v: s.where(Gadget.size == "L")
        )
    ]


@hookimpl
def list_sorts(entity, user):
    """``?sort=name_length`` orders by the length of the name."""
    _record("list_sorts", entity=entity, user=user)
    if entity.key != KEY:
        return None
    length = func.length(Gadget.name)
    return [
        ListSort(
            "name_length",
            "Name length",
            lambda s, desc: s.order_by(length.desc() if desc else length, Gadget.id),
        )
    ]


@hookimpl
def list_default_sort(entity, user):
    """The sort named in ``KNOBS["default_sort"]`` for gadgets, else no opinion."""
    _record("list_default_sort", entity=entity, user=user)
    return KNOBS["default_sort"] if entity.key == KEY else None


@hookimpl
def user_manager(user_id):
    """Managers from ``KNOBS["managers"]``."""
    _record("user_manager", user_id=user_id)
    return KNOBS["managers"].get(user_id)


@hookimpl
def user_department(user_id):
    """Everyone the probe knows of works in the gadget lab."""
    _record("user_department", user_id=user_id)
    return "GADGET" if user_id in KNOBS["managers"] else None


@hookimpl
def department_head(department):
    """Heads from ``KNOBS["heads"]``."""
    _record("department_head", department=department)
    return KNOBS["heads"].get(department)


@hookimpl
def departments():
    """The gadget lab."""
    _record("departments")
    return [("GADGET", "Gadget lab")]


@hookimpl
def deliver_notification(notification, user):
    """Records what it was asked to deliver, to whom."""
    _record("deliver_notification", notification=notification, user=user)


@hookimpl
def demo_data(demo):
    """One demo gadget, once."""
    _record("demo_data", demo=demo)
    from core.db import db
    from core.records import create

    if db.session.query(Gadget).filter_by(name="Demo gadget").first() is None:
        create(KEY, {"name": "Demo gadget", "size": "S"}, commit=False)


@hookimpl
def dashboard_widgets(user):
    """A "Gadget news" card on the dashboard."""
    _record("dashboard_widgets", user=user)
    return [Panel("Gadget news", Markup("<p class='probe'>3 new gadgets</p>"))]


@hookimpl
def periodic_tasks():
    """``tick`` every minute."""
    _record("periodic_tasks")
    return [Periodic("hookprobe.tick", 60.0, f"{__name__}.tick")]


def tick():
    """The probe's periodic task: records that it ran (and in which application)."""
    from flask import current_app

    _record("tick", app=current_app._get_current_object())
