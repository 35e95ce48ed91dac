"""``GET /health``: public, no secrets; database, queue and plugin states."""

from __future__ import annotations

import pytest

from core.testing import make_app
from core.testing_queue import redis_down, use_redis
from core.testing_server import free_port
from core.version import __version__


def test_health_is_public_and_ok_in_embedded_mode(app, client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["database"] == "ok"
    assert body["queue"] == "embedded"
    host = app.extensions["nhip"]
    assert body["plugins"] == {info.name: info.state for info in host.infos()}
    assert set(body["plugins"].values()) <= {"enabled", "disabled", "error"}


def test_health_reveals_no_secrets(app, client):
    text = client.get("/health").get_data(as_text=True)
    settings = app.config["NHIP"]
    assert settings.secret_key not in text
    assert "sqlite" not in text and "postgresql" not in text
    assert str(settings.instance) not in text


def test_health_reports_a_disabled_plugin(app, client):
    from core.plugin_states import disable

    host = app.extensions["nhip"]
    required = {dep for n in host.live.order for dep in host.discovered[n].manifest.requires}
    leaf = next(name for name in host.live.order if name not in required)
    with app.app_context():
        disable(app, leaf)
    assert client.get("/health").json["plugins"][leaf] == "disabled"


def test_health_pings_a_live_redis(app, client, redis_url, monkeypatch):
    use_redis(app, monkeypatch, redis_url)
    body = client.get("/health").json
    assert body["queue"] == "redis"
    assert body["status"] == "ok"


def test_a_redis_that_does_not_answer_is_down_but_pages_still_serve(app, client, monkeypatch):
    redis_down(app, monkeypatch)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["queue"] == "down"
    assert response.json["status"] == "degraded"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_database_that_cannot_be_reached_answers_503(tmp_path, kind):
    database = tmp_path / "nhip.sqlite3"
    if kind == "sqlite":
        url = f"sqlite:///{database}"
    else:
        url = f"postgresql+psycopg://nhip@127.0.0.1:{free_port()}/nhip?connect_timeout=2"
    app = make_app(tmp_path / "instance", url)
    try:
        if kind == "sqlite":  # the file turns into a folder: SQLite can no longer open it
            with app.app_context():
                from core.db import db

                db.engine.dispose()
            database.unlink(missing_ok=True)
            database.mkdir()
        response = app.test_client().get("/health")
        assert response.status_code == 503
        assert response.json["database"] == "down"
        assert response.json["status"] == "degraded"
        assert response.json["version"] == __version__
    finally:
        with app.app_context():
            from core.db import db

            db.engine.dispose()
