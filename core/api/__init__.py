"""The JSON API under ``/api/v1`` (generic over the entity registry)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from core.api import me  # noqa: E402,F401  (routes register on import)
