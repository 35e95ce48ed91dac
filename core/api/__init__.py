"""The JSON API under ``/api/v1`` (generic over the entity registry)."""

from flask import Blueprint
from werkzeug.routing import BaseConverter

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class EntityKeyConverter(BaseConverter):
    """``<entity_key:entity>``: an entity key (``orders.sales_order``) and nothing else, so
    that other methods on ``/me`` or ``/entities`` answer 405, not "unknown entity type"."""

    regex = r"(?!openapi\.json$)[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)+"


bp.record_once(
    lambda state: state.app.url_map.converters.setdefault("entity_key", EntityKeyConverter)
)

# routes and error handlers register on import
from core.api import describe, errors, me, notifications, openapi, records  # noqa: E402,F401
