"""Running the real ``nhip`` server in a subprocess for tests (loopback only)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

NHIP = Path(sys.executable).parent / "nhip"
CONNECT_ATTEMPTS = 600  # each at most ~0.1 s apart: the server has about a minute to listen


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(instance: Path, **settings: str) -> dict[str, str]:
    """This process's environment without NHIP_ settings, plus the instance and ``settings``
    (``database_url="..."`` becomes ``NHIP_DATABASE_URL``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NHIP_")}
    env["NHIP_INSTANCE"] = str(instance)
    env.update({f"NHIP_{key.upper()}": value for key, value in settings.items()})
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


def stop(process: subprocess.Popen) -> None:
    """Terminate the server, then kill it if it does not stop in time."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def running_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """``nhip run`` on a free loopback port for the block; yields its base URL."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(NHIP), "run", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until_listening(process, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
