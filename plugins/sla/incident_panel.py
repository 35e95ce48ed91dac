"""The incident panels of record pages.

"SLA incidents" on the page of a people record (an entity type that declares ``person_user``,
such as HR's employees): that person's recent incidents and a link to all of them. No import
of the plugin that owns the page: the registry says whose page it is.

"Missed deadline" on an incident's own page: the record it is about (linked), the person and
the target, which the generic page shows only as keys and ids."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import format_percent
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from core.auth import has_permission
from core.db import db
from core.entities import EntityType
from core.listing import base_select
from core.models import User
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
        link=lambda incident: _record_link(incident, user),
        record_title=lambda incident: record_title(incident, user),
        all_url=url_for("ui.record_list", entity_key=KEY, user_id=person),
    )
    return Panel(title=_l("SLA incidents"), html=Markup(html), order=20, source="sla")


def _record_link(incident: Incident, user: Any) -> str | None:
    """The page of the record an incident is about, when its type is enabled and ``user`` may
    open that record."""
    host = current_app.extensions["nhip"]
    if incident.entity not in host.entities:
        return None
    return _link_for(host.entities.get(incident.entity), incident.record_id, user)


def incident_about_panel(entity: EntityType, record: Any, user: Any) -> Panel | None:
    """On an incident's page: the record it is about, linked when the viewer may open it,
    the person it is against and the target; None on any other page."""
    if entity.key != KEY:
        return None
    host = current_app.extensions["nhip"]
    about = host.entities.get(record.entity) if record.entity in host.entities else None
    person = db.session.get(User, record.user_id) if record.user_id is not None else None
    html = render_template(
        "sla/incident_about.html",
        incident=record,
        about=about,
        title=record_title(record, user),
        href=_link_for(about, record.record_id, user),
        person=person,
        level=format_percent(float(record.level) / 100),
    )
    return Panel(title=_l("Missed deadline"), html=Markup(html), order=10, source="sla")


def _link_for(entity: EntityType | None, record_id: int, user: Any) -> str | None:
    """The record's page when the viewer may read its type and the record is in their scope."""
    if entity is None or user is None or not has_permission(entity.read_permission, user):
        return None
    stmt = base_select(entity, user).where(entity.model.id == record_id)
    if db.session.execute(stmt.limit(1)).scalars().first() is None:
        return None
    return record_url(entity, record_id)
