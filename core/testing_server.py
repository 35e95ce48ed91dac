"""Running the real ``nhip`` server in a subprocess for tests (loopback only)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

NHIP = Path(sys.executable).parent / "nhip"
T = TypeVar("T")
CONNECT_ATTEMPTS = 600  # each at most ~0.1 s apart: the server has about a minute to listen
POLL_SECONDS = 0.1  # between looks at what a subprocess did


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


def app_env(app, **settings: str) -> dict[str, str]:
    """The environment of an ``nhip`` subprocess on ``app``'s instance, database, secret key and
    plugins folder, plus ``settings`` (``redis_url="..."``)."""
    nhip = app.config["NHIP"]
    values = {
        "database_url": nhip.database_url,
        "secret_key": nhip.secret_key,
        "plugins_dir": str(nhip.plugins_dir),
        **settings,
    }
    return server_env(Path(nhip.instance), **values)


def wait_for(
    condition: Callable[[], object],
    process: subprocess.Popen | None = None,
    seconds: float = 60,
) -> None:
    """Look at ``condition`` every 0.1 s until it holds; fail the test if ``process`` exits
    first or if it still does not hold after ``seconds``."""
    for _ in range(int(seconds / POLL_SECONDS)):
        if condition():
            return
        if process is not None and process.poll() is not None:
            pytest.fail(f"the process exited with {process.returncode} first")
        time.sleep(POLL_SECONDS)
    if not condition():
        pytest.fail(f"not done in {seconds} s")


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


def at_once(calls: list[Callable[[], T]], timeout: float = 30) -> list[T]:
    """Run every call in its own thread, all released together (two clicks on one button, as
    close as a test can make them); their answers in order. A call that raised fails the test
    with the exception, so that a refused request is told apart from a broken one."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait(timeout=timeout)
        try:
            answers[index] = calls[index]()
        except Exception as exc:  # noqa: BLE001 - reported below
            answers[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=3 * timeout)
    failed = [a for a in answers if a is None or isinstance(a, Exception)]
    assert not failed, answers
    return answers
