"""The fault suite's test plugin, ``faultline``: it joins the bundled plugins in the ``app`` of
every test here and, told through files in the folder ``$FAULTLINE_DIR`` (set by the test, for
its own process or for a server it starts), fails or pauses inside a record's transaction:

- ``raise-<hook>`` present: its ``<hook>`` (``entity_created``, ``entity_updated``,
  ``entity_transitioned``) raises ``RuntimeError``;
- ``pause-<hook>`` present: its ``<hook>`` writes ``paused-<hook>`` (``<process id>
  <database backend id>``, the latter only on PostgreSQL) and waits, at most a minute, until
  ``resume`` exists, then runs a statement on the transaction's connection (unless ``quiet``
  is present: then the next statement is the commit).

It runs after every other plugin's implementation (``trylast``), so the SLA plugin has already
written its clocks' changes when it fails or pauses. Without ``$FAULTLINE_DIR`` it does nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FAULTLINE = '''
from core import Manifest, hookimpl

manifest = Manifest(name="faultline", version="1.0")

import os
import time
from pathlib import Path

from sqlalchemy import text

from core.db import db

WAIT_SECONDS = 60


def _act(hook):
    folder = os.environ.get("FAULTLINE_DIR")
    if not folder:
        return
    folder = Path(folder)
    if (folder / f"raise-{hook}").exists():
        raise RuntimeError(f"faultline {hook} exploded on purpose")
    if (folder / f"pause-{hook}").exists():
        connection = db.session.connection()
        backend = ""
        if connection.dialect.name == "postgresql":
            backend = str(connection.execute(text("select pg_backend_pid()")).scalar())
        (folder / f"paused-{hook}").write_text(f"{os.getpid()} {backend}")
        deadline = time.monotonic() + WAIT_SECONDS
        while not (folder / "resume").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not (folder / "quiet").exists():
            db.session.execute(text("select 1"))


@hookimpl(trylast=True)
def entity_created(entity, record, actor_id):
    """Fails or pauses when told to."""
    _act("entity_created")


@hookimpl(trylast=True)
def entity_updated(entity, record, changes, actor_id):
    """Fails or pauses when told to."""
    _act("entity_updated")


@hookimpl(trylast=True)
def entity_transitioned(entity, record, from_state, to_state, actor_id, note):
    """Fails or pauses when told to."""
    _act("entity_transitioned")
'''


@pytest.fixture(scope="session")
def fault_plugins_dir(tmp_path_factory) -> Path:
    """A plugins folder holding ``faultline``."""
    folder = tmp_path_factory.getbasetemp() / "fault-plugins"
    if not (folder / "faultline.py").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "faultline.py").write_text(FAULTLINE, encoding="utf-8")
    return folder


@pytest.fixture
def nhip_plugins_dir(fault_plugins_dir) -> Path:
    """Every test here runs with ``faultline`` beside the bundled plugins."""
    return fault_plugins_dir


@pytest.fixture
def faults(tmp_path, monkeypatch) -> Path:
    """The folder that tells ``faultline`` what to do, for this process (and for servers the
    test starts with ``FAULTLINE_DIR`` in their environment)."""
    folder = tmp_path / "faultline"
    folder.mkdir()
    monkeypatch.setenv("FAULTLINE_DIR", str(folder))
    return folder
