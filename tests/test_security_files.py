"""The instance's secrets are readable by their owner only: the folder (0700), the secret key and
the SQLite database (0600, created so from the start), and the e-mail outbox (0700 / 0600)."""

from __future__ import annotations

import os
import stat
from email.message import EmailMessage
from pathlib import Path

import pytest

from core.config import load_settings
from core.mail import write_outbox


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """A permissive umask (0000), as some service managers leave it."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_a_new_instance_is_private(tmp_path, open_umask):
    settings = load_settings(environ={}, instance=str(tmp_path / "instance"))
    instance = settings.instance
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600
    assert mode(instance / "nhip.sqlite3") == 0o600


def test_an_existing_instance_is_made_private(tmp_path, open_umask):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    (instance / "secret_key").write_text("k" * 40)
    (instance / "nhip.sqlite3").write_bytes(b"")
    (instance / "nhip.sqlite3-wal").write_bytes(b"")
    for path in (instance / "secret_key", instance / "nhip.sqlite3", instance / "nhip.sqlite3-wal"):
        path.chmod(0o644)
    load_settings(environ={}, instance=str(instance))
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600
    assert mode(instance / "nhip.sqlite3") == 0o600
    assert mode(instance / "nhip.sqlite3-wal") == 0o600


def test_a_database_file_elsewhere_is_private_too(tmp_path, open_umask):
    elsewhere = tmp_path / "data"
    elsewhere.mkdir()
    load_settings(
        environ={},
        instance=str(tmp_path / "instance"),
        database_url=f"sqlite:///{elsewhere / 'nhip.sqlite3'}",
    )
    assert mode(elsewhere / "nhip.sqlite3") == 0o600


def test_the_database_stays_private_once_sqlite_has_written_it(tmp_path, open_umask):
    from core.testing import make_app

    instance = tmp_path / "instance"
    url = f"sqlite:///{instance / 'nhip.sqlite3'}"
    instance.mkdir()
    app = make_app(instance, url)
    from core.db import db
    from core.setup import init_instance

    init_instance(app)
    with app.app_context():
        db.engine.dispose()
    assert (instance / "nhip.sqlite3").stat().st_size > 0
    assert mode(instance / "nhip.sqlite3") == 0o600


def test_outbox_messages_are_private(tmp_path, open_umask):
    message = EmailMessage()
    message["Subject"] = "Lương tháng 12"
    message.set_content("private")
    path = write_outbox(message, tmp_path / "outbox", 7)
    assert mode(tmp_path / "outbox") == 0o700
    assert mode(path) == 0o600
    (tmp_path / "outbox").chmod(0o755)
    second = write_outbox(message, tmp_path / "outbox", 8)
    assert mode(tmp_path / "outbox") == 0o700 and mode(second) == 0o600
