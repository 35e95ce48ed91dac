"""The plugin's own page: a technician's route. Visits themselves use the generic pages."""

from __future__ import annotations

from flask import Blueprint, redirect
from flask_login import current_user
from werkzeug.wrappers import Response

from core.auth import requires
from core.records import entity_type
from core.ui.links import list_url

from .badges import OPEN_STATES
from .permissions import READ

bp = Blueprint("fieldservice", __name__, url_prefix="/fieldservice")


@bp.get("/my-route")
@requires(READ)
def my_route() -> Response:
    """The viewer's open visits, earliest first: the generic visit list, filtered."""
    return redirect(
        list_url(
            entity_type("fieldservice.visit"),
            technician_id=current_user.id,
            state__in=",".join(OPEN_STATES),
            sort="scheduled_for",
        )
    )
