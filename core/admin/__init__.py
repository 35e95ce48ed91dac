"""Administration pages under ``/admin``: plugins, users and background jobs (permission
``core.admin``)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

from core.admin import jobs, plugins, users  # noqa: E402,F401  (routes register on import)
