"""Browser tests: the real server with the demo company, driven by Debian's Chromium.

One server and one browser serve the whole session; each test opens fresh browser contexts
(own cookies) through the ``visit`` fixture. The browser talks to 127.0.0.1 only: any request
for another host is refused and fails the test (the pages must work offline).

A missing ``/usr/bin/chromium`` skips these tests with the reason, or fails them under
``CI=true``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_helpers import choose_language, sign_in

from core.testing_server import NHIP, running_server, server_env

ACTION_TIMEOUT_MS = 20_000  # the machine may be busy: generous, but a hung page still fails
LOOPBACK = {"127.0.0.1"}


@dataclass
class LiveServer:
    """A running ``nhip run`` on loopback, with the demo logins of its instance."""

    url: str
    instance: Path
    log: Path
    passwords: dict[str, str]

    def password(self, email: str) -> str:
        """The demo password of ``email`` (from ``demo-credentials.txt``)."""
        return self.passwords[email]

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server wrote (for failure messages)."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def read_credentials(path: Path) -> dict[str, str]:
    """E-mail → password from the demo credentials file (tab-separated, ``#`` comments)."""
    passwords = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            email, password = line.split("\t")[:2]
            passwords[email.strip()] = password.strip()
    return passwords


@pytest.fixture(scope="session")
def nhip_server(tmp_path_factory) -> Iterator[LiveServer]:
    """``nhip init --demo`` in a fresh instance (SQLite), then ``nhip run`` on a free port."""
    from core.translations_build import compile_all

    compile_all()  # the Vietnamese pages need the compiled catalogs
    root = tmp_path_factory.mktemp("browser")
    instance = root / "instance"
    env = server_env(instance)
    init = subprocess.run(
        [str(NHIP), "init", "--demo"], env=env, capture_output=True, text=True, timeout=600
    )
    assert init.returncode == 0, f"nhip init --demo failed:\n{init.stdout}\n{init.stderr}"
    passwords = read_credentials(instance / "demo-credentials.txt")

    log = root / "server.log"
    with running_server(env, log) as url:
        yield LiveServer(url, instance, log, passwords)


@pytest.fixture
def visit(chromium, nhip_server) -> Iterator[Callable]:
    """``visit(email=None, language="en")`` → a new page in its own browser context.

    With an e-mail the page is signed in as that demo user and shows ``language``. Requests
    for any host but 127.0.0.1 are refused, and the test fails if a page made one.
    """
    contexts = []
    off_machine: list[str] = []

    def refuse(route) -> None:
        off_machine.append(route.request.url)
        route.abort()

    def open_page(email: str | None = None, language: str = "en"):
        context = chromium.new_context(
            base_url=nhip_server.url, locale="en-US", viewport={"width": 1366, "height": 900}
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.route(lambda url: urlsplit(url).hostname not in LOOPBACK, refuse)
        contexts.append(context)
        page = context.new_page()
        if email:
            sign_in(page, email, nhip_server.password(email))
            choose_language(page, language)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not off_machine, f"pages asked for resources off this machine: {off_machine}"
