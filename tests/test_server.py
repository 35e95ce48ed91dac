"""The real server: ``nhip init`` then ``nhip run`` in a subprocess, reached over loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

NHIP = Path(sys.executable).parent / "nhip"
CONNECT_ATTEMPTS = 300  # each at most ~0.1 s apart: the server has about 30 s to listen


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(instance: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NHIP_")}
    env.update(NHIP_INSTANCE=str(instance), NHIP_DATABASE_URL=database_url)
    return env


def wait_until_listening(process: subprocess.Popen, port: int, log: Path) -> None:
    """Poll the port with short connection attempts; fail early if the server exits."""
    for _ in range(CONNECT_ATTEMPTS):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            pass
        try:
            process.wait(timeout=0.1)  # returns at once if the server died
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
    pytest.fail(f"the server did not listen on {port}:\n{log.read_text()}")


def get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.headers["Content-Type"], response.read().decode()


def test_the_real_server_serves_health_and_the_login_page(tmp_path, fresh_database_url):
    instance = tmp_path / "instance"
    env = server_env(instance, fresh_database_url)
    init = subprocess.run([str(NHIP), "init"], env=env, capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(NHIP), "run", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(process, port, log)
        status, content_type, body = get(f"http://127.0.0.1:{port}/health")
        assert status == 200
        assert content_type.startswith("application/json")
        health = json.loads(body)
        assert health["status"] == "ok"
        assert health["database"] == "ok"
        assert health["queue"] == "embedded"

        status, content_type, page = get(f"http://127.0.0.1:{port}/login")
        assert status == 200
        assert content_type.startswith("text/html")
        assert "<form" in page
        assert 'name="password"' in page
        assert 'name="csrf_token"' in page
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
