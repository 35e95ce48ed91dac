"""A plugin with faulty routes, for the tests of ``check_routes``: one raises, one lets a
form POST through without its CSRF token."""

from flask import Blueprint, request

from core import Manifest, hookimpl
from core.auth import Permission, Role, login_only, requires

manifest = Manifest(name="shaky", version="1.0.0", label="Shaky")

bp = Blueprint("shaky", __name__, url_prefix="/shaky")


@bp.get("/fine")
@requires("shaky.read")
def fine():
    return "fine"


@bp.get('/report/<any(daily, "time-to-meet"):kind>/<int:visit_id>')
@requires("shaky.read")
def report(kind: str, visit_id: int):
    return f"{kind} {visit_id}"


@bp.get("/boom")
@login_only
def boom():
    raise RuntimeError("boom")


@bp.post("/save")
@login_only
def save():
    return "saved"


@bp.before_app_request
def save_without_token():
    """Answers the POST before the host checks its CSRF token (the fault to find)."""
    if request.path == "/shaky/save" and request.method == "POST":
        return "saved"
    return None


@hookimpl
def register_blueprints():
    """The shaky pages."""
    return [bp]


@hookimpl
def register_permissions():
    """Reading the shaky pages."""
    return [Permission("shaky.read", "See shaky pages")]


@hookimpl
def register_roles():
    """One role to read them."""
    return [Role("shaky_reader", "Shaky reader", frozenset({"shaky.read"}))]
