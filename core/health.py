"""``GET /health``: is this instance able to serve? For load balancers and monitoring.

Answers JSON without secrets::

    {"status": "ok" | "degraded", "version": "0.1.0", "database": "ok" | "down",
     "queue": "redis" | "embedded" | "down", "plugins": {"hr": "enabled", ...}}

``status`` is ``degraded`` when the database or Redis is down. The HTTP status is 503 only
when the database is down (the instance cannot serve); with Redis down pages still work and
escalations catch up from the database once it is back, so the answer stays 200.
"""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from core.auth import public
from core.db import db
from core.version import __version__

bp = Blueprint("health", __name__)

REDIS_TIMEOUT = 1.0


@bp.get("/health")
@public
def health():
    """The instance's state: database, queue and plugins."""
    database = database_state()
    queue = queue_state(current_app.config["NHIP"].redis_url)
    host = current_app.extensions["nhip"]
    plugins = {info.name: info.state for info in host.infos()}
    ok = database == "ok" and queue != "down"
    body = {
        "status": "ok" if ok else "degraded",
        "version": __version__,
        "database": database,
        "queue": queue,
        "plugins": plugins,
    }
    return jsonify(body), 200 if database == "ok" else 503


def database_state() -> str:
    """``ok`` when the database answers a trivial query, else ``down``."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means the database cannot serve
        current_app.logger.warning("health: database down: %s", type(exc).__name__)
        db.session.remove()
        return "down"
    return "ok"


def queue_state(redis_url: str | None) -> str:
    """``embedded`` without a Redis URL; else ``redis`` when it answers a ping, or ``down``."""
    if not redis_url:
        return "embedded"
    client = redis.Redis.from_url(
        redis_url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        current_app.logger.warning("health: redis down: %s", type(exc).__name__)
        return "down"
    finally:
        client.close()
    return "redis"
