"""The real server: ``nhip init`` then ``nhip run`` in a subprocess, reached over loopback."""

from __future__ import annotations

import json
import subprocess
import urllib.request

from core.testing_server import NHIP, running_server, server_env


def get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.headers["Content-Type"], response.read().decode()


def test_the_real_server_serves_health_and_the_login_page(tmp_path, fresh_database_url):
    instance = tmp_path / "instance"
    env = server_env(instance, database_url=fresh_database_url)
    init = subprocess.run([str(NHIP), "init"], env=env, capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    with running_server(env, tmp_path / "server.log") as base:
        status, content_type, body = get(f"{base}/health")
        assert status == 200
        assert content_type.startswith("application/json")
        health = json.loads(body)
        assert health["status"] == "ok"
        assert health["database"] == "ok"
        assert health["queue"] == "embedded"

        status, content_type, page = get(f"{base}/login")
        assert status == 200
        assert content_type.startswith("text/html")
        assert "<form" in page
        assert 'name="password"' in page
        assert 'name="csrf_token"' in page
