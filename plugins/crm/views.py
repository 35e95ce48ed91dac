"""The CRM's own pages under ``/crm``; records themselves use the shell's generic pages."""

from __future__ import annotations

from flask import Blueprint, redirect
from flask_login import current_user
from werkzeug.wrappers import Response

from core.auth import requires
from core.records import entity_type
from core.ui.links import list_url
from plugins.crm.entities import WORKING_STATES

bp = Blueprint("crm", __name__, url_prefix="/crm", template_folder="templates")


@bp.get("/")
@requires("crm.read")
def index() -> Response:
    """The CRM's landing page: the customer list."""
    return redirect(list_url(entity_type("crm.customer")))


@bp.get("/my-tickets")
@requires("crm.read")
def my_tickets() -> Response:
    """The viewer's tickets that still need work: the ticket list filtered on the assignee."""
    return redirect(
        list_url(
            entity_type("crm.ticket"),
            assignee_id=current_user.id,
            state__in=",".join(WORKING_STATES),
        )
    )


from plugins.crm import ticket_pages  # noqa: E402,F401  (the ticket form's routes on ``bp``)
