"""The warehouse queue: sales orders waiting to be picked, packed or shipped, with one-click
next steps. SLA badges fill its badges slot and its default order (urgency) once SLA runs."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core import records
from core.auth import has_permission, requires
from core.entities import EntityType, Transition
from core.errors import Conflict, NhipError
from core.listing import ListQuery, list_records, plugin_sorts
from core.ui.badges import badges_for
from core.ui.links import next_target
from plugins.orders.views import bp

ENTITY = "orders.sales_order"
QUEUE_STATES = ("confirmed", "picking", "packed")
OLDEST_FIRST = "created_at"
OWN_SORTS = (
    (OLDEST_FIRST, _l("Oldest first")),
    ("-created_at", _l("Newest first")),
    ("priority", _l("Express first")),
)


def next_step(entity: EntityType, state: str) -> Transition | None:
    """The forward move from ``state`` (never the cancellation), if the viewer may make it."""
    for transition in entity.transitions_from(state):
        if transition.target == "cancelled":
            continue
        if has_permission(entity.transition_permission(transition)):
            return transition
    return None


def queue_sort(entity: EntityType) -> str:
    """The sort asked for in the URL, else the plugins' default for the queue (SLA answers
    "urgency"), else oldest first."""
    asked = request.args.get("sort", "").strip()
    if asked:
        return asked
    host = current_app.extensions["nhip"]
    return host.hook.list_default_sort(entity=entity, user=current_user) or OLDEST_FIRST


@bp.get("/warehouse")
@requires("warehouse.operate")
def warehouse():
    """Orders in confirmed, picking and packed, most urgent first, each with its next step."""
    entity = records.entity_type(ENTITY)
    step = request.args.get("state", "")
    states = step if step in QUEUE_STATES else ",".join(QUEUE_STATES)
    query = ListQuery(
        filters={"state__in": states},
        search=request.args.get("q", "").strip(),
        sort=queue_sort(entity),
        page=request.args.get("page", 1, type=int) or 1,
        per_page=50,
    )
    page = list_records(entity, current_user, query)
    badges = badges_for(entity, page.items, current_user)
    sorts = [*OWN_SORTS, *((s.name, s.label) for s in plugin_sorts(entity, current_user).values())]
    return render_template(
        "orders/warehouse.html",
        entity=entity,
        page=page,
        badges=badges,
        steps={order.id: next_step(entity, order.state) for order in page.items},
        sorts=sorts,
        step_filter=step if step in QUEUE_STATES else "",
        queue_states=QUEUE_STATES,
    )


@bp.post("/warehouse/<int:record_id>/step")
@requires("warehouse.operate")
def warehouse_step(record_id: int):
    """Move one order to its next step (the posted ``to`` state) and come back to the queue."""
    back = next_target(request.form.get("next"), url_for("orders.warehouse"))
    entity = records.entity_type(ENTITY)
    order = records.get_record(entity, record_id)
    target = request.form.get("to", "")
    expected = request.form.get("from", "")
    if expected and order.state != expected:
        flash(moved_on(entity, order), "warning")
        return redirect(back)
    transition = next((t for t in entity.transitions_from(order.state) if t.target == target), None)
    if transition is not None and not has_permission(entity.transition_permission(transition)):
        flash(_("You may not make this step."), "danger")
        return redirect(back)
    try:
        records.transition(
            entity, order, target, actor_id=current_user.id, from_state=expected or None
        )
    except Conflict:  # someone else moved it while we waited for its lock
        flash(moved_on(entity, order), "warning")
        return redirect(back)
    except NhipError as exc:
        flash(exc.message, "danger")
        return redirect(back)
    flash(
        _(
            "%(title)s: %(state)s.",
            title=entity.title_of(order),
            state=entity.state(order.state).text,
        ),
        "success",
    )
    return redirect(back)


def moved_on(entity: EntityType, order) -> str:
    """The warning when someone else moved ``order`` on first (as it is now)."""
    return _(
        "%(title)s has already moved on (now %(state)s).",
        title=entity.title_of(order),
        state=entity.state(order.state).text,
    )
