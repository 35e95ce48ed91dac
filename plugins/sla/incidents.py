"""``sla.incident``: the missed deadlines recorded against people by escalation levels, as the
entity registry describes them, so that the generic pages and the JSON API list them.

Incidents are written only by the ``incident`` action: the type is ``read_only`` (the pages
and the API offer no create, edit or note). Holders of ``sla.incidents`` (SLA admins,
managers) see everyone's; everyone else sees their own.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.auth import has_permission
from core.db import db
from core.entities import Choice, EntityType, Field
from plugins.sla.models import Incident
from plugins.sla.readable import visible_record

KEY = "sla.incident"
#: read everyone's incidents (without it: one's own)
READ_ALL = "sla.incidents"

SEVERITIES = (Choice("minor", _l("Minor")), Choice("major", _l("Major")))


def incident_entity() -> EntityType:
    """The read-only ``sla.incident`` type."""
    return EntityType(
        key=KEY,
        model=Incident,
        label=_l("SLA incident"),
        label_plural=_l("SLA incidents"),
        fields=(
            Field("created_at", "datetime", _l("When"), editable=False),
            Field("user_id", "ref", _l("Person"), ref="core.user", editable=False),
            Field("department", "str", _l("Department"), editable=False),
            Field("entity", "str", _l("Record type"), editable=False),
            Field("record_id", "int", _l("Record id"), editable=False),
            Field("target", "str", _l("Target"), editable=False),
            Field("cycle", "int", _l("Cycle"), editable=False),
            Field("level", "decimal", _l("Level (percent of the goal)"), editable=False),
            Field("severity", "choice", _l("Severity"), choices=SEVERITIES, editable=False),
            Field("bonus_impact", "bool", _l("Bonus impact"), editable=False),
            Field("escalation_id", "int", _l("Escalation id"), editable=False, sortable=False),
        ),
        read_permission="sla.read",
        write_permission="sla.admin",
        title=incident_title,
        visible=visible_incidents,
        list_columns=("created_at", "user_id", "target", "severity", "bonus_impact"),
        search_fields=("target", "department"),
        default_sort="-created_at",
        icon="bi-exclamation-octagon",
        read_only=True,
    )


def incident_title(incident: Incident) -> str:
    """``Incident: Resolve on #12 Printer on fire``."""
    return _(
        "Incident: %(target)s on %(record)s", target=incident.target, record=record_title(incident)
    )


def record_title(incident: Incident, viewer: Any = None) -> str:
    """The title of the record the incident is about, when the viewer (default: the signed-in
    user of the request; none outside a request) may read that record; otherwise its type and
    id, as when its plugin is disabled or the record is gone, so that an incident never shows a
    record one may not read."""
    host = current_app.extensions["nhip"]
    if viewer is None and has_request_context():
        viewer = current_user._get_current_object()
    if incident.entity in host.entities:
        entity = host.entities.get(incident.entity)
        if viewer is None:
            record = db.session.get(entity.model, incident.record_id)
        else:
            record = visible_record(entity, incident.record_id, viewer)
        if record is not None:
            return entity.title_of(record)
        return f"{entity.label} #{incident.record_id}"
    return f"{incident.entity} #{incident.record_id}"


def visible_incidents(select: Any, user: Any) -> Any:
    """Everyone's incidents with ``sla.incidents``; otherwise the viewer's own."""
    if user is not None and getattr(user, "is_authenticated", False):
        if has_permission(READ_ALL, user):
            return select
        return select.where(Incident.user_id == user.id)
    return select.where(Incident.id.is_(None))
