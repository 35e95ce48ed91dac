"""The JSON API under ``/api/v1`` (generic over the entity registry)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# routes and error handlers register on import
from core.api import describe, errors, me, notifications, openapi, records  # noqa: E402,F401
