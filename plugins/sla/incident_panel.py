"""The "SLA incidents" panel on the page of a people record (an entity type that declares
``person_user``, such as HR's employees): that person's recent incidents and a link to all of
them. No import of the plugin that owns the page: the registry says whose page it is."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from core.auth import has_permission
from core.db import db
from core.entities import EntityType
from core.ui.links import record_url
from core.ui.panels import Panel
from plugins.sla.incidents import KEY, READ_ALL, record_title
from plugins.sla.models import Incident

RECENT = 10


def incidents_panel(entity: EntityType, record: Any, user: Any) -> Panel | None:
    """The panel, or None: not a people record, no account, no incidents, or a viewer who may
    see only their own incidents looking at someone else."""
    if entity.person_user is None:
        return None
    person = entity.person_user_of(record)
    if person is None or user is None or not has_permission("sla.read", user):
        return None
    if not has_permission(READ_ALL, user) and person != user.id:
        return None
    incidents = list(
        db.session.execute(
            db.select(Incident)
            .where(Incident.user_id == person)
            .order_by(Incident.created_at.desc(), Incident.id.desc())
            .limit(RECENT + 1)
        ).scalars()
    )
    if not incidents:
        return None
    html = render_template(
        "sla/incidents_panel.html",
        incidents=incidents[:RECENT],
        more=len(incidents) > RECENT,
        link=_record_link,
        record_title=record_title,
        all_url=url_for("ui.record_list", entity_key=KEY, user_id=person),
    )
    return Panel(title=_l("SLA incidents"), html=Markup(html), order=20, source="sla")


def _record_link(incident: Incident) -> str | None:
    """The page of the record an incident is about, when its type is enabled."""
    host = current_app.extensions["nhip"]
    if incident.entity not in host.entities:
        return None
    return record_url(host.entities.get(incident.entity), incident.record_id)
