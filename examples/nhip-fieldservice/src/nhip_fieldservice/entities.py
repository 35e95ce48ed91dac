"""``fieldservice.visit`` as the entity registry describes it: fields other plugins may filter
on, the workflow, who answers for a visit, and who may see which visits.

Workflow::

    scheduled ──► en_route ──► on_site ──► done
        ▲            │
        └─ postpone ─┘
    scheduled, en_route ──► cancelled        (dispatchers only)

``done`` and ``cancelled`` are final. Finishing needs the visit report.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.auth import has_permission
from core.entities import Choice, EntityType, Field, State, Transition
from core.errors import BusinessRuleError

from .models import KINDS, PRIORITIES, Visit
from .permissions import DISPATCH, READ, WRITE

KIND_LABELS = {
    "installation": _l("Installation"),
    "repair": _l("Repair"),
    "maintenance": _l("Maintenance"),
    "inspection": _l("Inspection"),
}
PRIORITY_LABELS = {"normal": _l("Normal"), "urgent": _l("Urgent")}

STATES = (
    State("scheduled", _l("Scheduled"), tone="info"),
    State("en_route", _l("En route"), tone="primary"),
    State("on_site", _l("On site"), tone="warning"),
    State("done", _l("Done"), final=True, tone="success"),
    State("cancelled", _l("Cancelled"), final=True, tone="secondary"),
)
TRANSITIONS = (
    Transition("scheduled", "en_route", _l("Leave for the site")),
    Transition("en_route", "on_site", _l("Arrive on site")),
    Transition("on_site", "done", _l("Finish the visit"), tone="success"),
    Transition("en_route", "scheduled", _l("Postpone"), tone="secondary"),
    Transition("scheduled", "cancelled", _l("Cancel"), permission=DISPATCH, tone="danger"),
    Transition("en_route", "cancelled", _l("Cancel"), permission=DISPATCH, tone="danger"),
)


def visible_visits(select, user):
    """Dispatchers see every visit; technicians only those assigned to them."""
    if has_permission(DISPATCH, user):
        return select
    return select.where(Visit.technician_id == getattr(user, "id", None))


def check_transition(visit: Visit, from_state: str, to_state: str, actor_id: int | None) -> None:
    """A visit is done only once its report says what was done."""
    if to_state == "done" and not (visit.report or "").strip():
        raise BusinessRuleError(str(_l("Write the visit report before finishing the visit.")))


def visit_entity() -> EntityType:
    """The visit entity type; the technician answers for it, then their department."""
    return EntityType(
        key="fieldservice.visit",
        model=Visit,
        label=_l("Visit"),
        label_plural=_l("Visits"),
        fields=(
            Field("customer", "str", _l("Customer"), required=True, max_length=200),
            Field("address", "text", _l("Address"), required=True, sortable=False),
            Field("phone", "str", _l("Phone"), max_length=30),
            Field("kind", "choice", _l("Kind"), choices=_choices(KINDS, KIND_LABELS)),
            Field(
                "priority", "choice", _l("Priority"), choices=_choices(PRIORITIES, PRIORITY_LABELS)
            ),
            Field("scheduled_for", "datetime", _l("Scheduled for"), required=True),
            Field("technician_id", "ref", _l("Technician"), ref="core.user"),
            Field("department", "str", _l("Department"), max_length=20),
            Field("report", "text", _l("Visit report"), filterable=False, sortable=False),
            Field("created_at", "datetime", _l("Created"), editable=False),
        ),
        read_permission=READ,
        write_permission=WRITE,
        states=STATES,
        transitions=TRANSITIONS,
        initial_state="scheduled",
        title=lambda visit: f"{visit.customer} · {visit.scheduled_for:%Y-%m-%d %H:%M}",
        responsible_user=lambda visit: visit.technician_id,
        responsible_field="technician_id",
        responsible_department=lambda visit: visit.department,
        visible=visible_visits,
        on_transition=check_transition,
        list_columns=("customer", "kind", "priority", "scheduled_for", "technician_id"),
        search_fields=("customer", "address", "phone"),
        default_sort="scheduled_for",
        icon="bi-truck",
    )


def _choices(values: tuple[str, ...], labels: dict) -> tuple[Choice, ...]:
    return tuple(Choice(value, labels[value]) for value in values)
