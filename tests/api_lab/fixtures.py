"""Fixtures that build applications with the test-only ``lab`` plugin installed.

``lab_app`` is built once per backend and test session (SQLite and PostgreSQL), from a plugins
folder the fixture fills with ``tests/api_lab/plugin`` and a schema made by ``nhip init``'s
code path (``core.setup.init_instance``), the lab's own migration included. ``lab`` empties its
database before each test and offers users, tokens and calls.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, inspect, text

from core.db import db
from core.models import ApiToken, User
from core.plugin_states import set_enabled, sync
from core.setup import init_instance
from core.testing import BACKENDS, KEEP_TABLES, make_app

PLUGIN_SOURCE = Path(__file__).parent / "plugin"
LAB_TABLES = ("lab_part", "lab_gadget", "lab_shelf")


def install_lab(plugins_dir: Path) -> Path:
    """Copy the lab plugin package into ``plugins_dir``."""
    target = plugins_dir / "lab"
    shutil.copytree(PLUGIN_SOURCE, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def build_lab_app(instance: Path, database_url: str, **config):
    """An initialised application on ``database_url`` with the lab plugin enabled."""
    plugins_dir = instance / "plugins"
    plugins_dir.mkdir(parents=True, exist_ok=True)
    install_lab(plugins_dir)
    app = make_app(instance, database_url, plugins_dir=plugins_dir, **config)
    init_instance(app)
    with app.app_context():
        event.listen(db.engine, "connect", _no_fsync)
        db.engine.dispose()
    return app


def _no_fsync(dbapi_connection, _record) -> None:
    """Commits without waiting for the disk: the tests commit on every request (the token's
    last use), and durability across a crash means nothing for a throw-away database."""
    cursor = dbapi_connection.cursor()
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor.execute("PRAGMA synchronous = OFF")
    else:
        cursor.execute("SET synchronous_commit TO OFF")
        dbapi_connection.commit()
    cursor.close()


def database_url(backend: str, instance: Path, request) -> str:
    """A new empty database of ``backend`` (as ``fresh_database_url`` makes them)."""
    if backend == "sqlite":
        return f"sqlite:///{instance / 'lab.sqlite3'}"
    return request.getfixturevalue("pg_databases").create()


@pytest.fixture(name="lab_app", scope="session", params=BACKENDS)
def lab_app_fixture(request, tmp_path_factory) -> Iterator[Any]:
    """The lab application of one backend, shared by the session's API tests."""
    instance = tmp_path_factory.mktemp(f"lab-{request.param}")
    app = build_lab_app(instance, database_url(request.param, instance, request))
    yield app
    with app.app_context():
        db.engine.dispose()


class Lab:
    """A lab application emptied for one test, with helpers to make users and call the API."""

    def __init__(self, app) -> None:
        self.app = app
        self.client = app.test_client()
        self.module = app.extensions["nhip"].module("lab")

    def user(self, email: str, roles: list[str]) -> int:
        """A new user with ``roles``; returns the id."""
        with self.app.app_context():
            user = User(email=email, name=email.split("@")[0].title())
            user.set_roles(roles)
            db.session.add(user)
            db.session.commit()
            return user.id

    def token(self, user_id: int) -> str:
        """A new API token of ``user_id``."""
        with self.app.app_context():
            row, clear = ApiToken.issue(db.session.get(User, user_id), "test")
            db.session.add(row)
            db.session.commit()
            return clear

    def caller(self, email: str, roles: list[str]) -> dict[str, str]:
        """Authorization headers of a new user with ``roles``."""
        return {"Authorization": f"Bearer {self.token(self.user(email, roles))}"}

    def call(self, method: str, path: str, headers: dict | None = None, **kwargs):
        """``method`` on ``/api/v1`` + ``path`` with the test client."""
        return self.client.open("/api/v1" + path, method=method, headers=headers, **kwargs)

    def gadget(self, headers: dict, **values) -> dict:
        """Create a gadget through the API and return its JSON."""
        body = {"name": "Widget", "kind": "small", "quantity": 1, **values}
        response = self.call("POST", "/lab.gadget", headers, json=body)
        assert response.status_code == 201, response.json
        return response.json

    def count(self, sql: str, **params) -> int:
        """A number from the lab database (``select count(*) ...``)."""
        with self.app.app_context():
            return db.session.execute(text(sql), params).scalar_one()


def empty(app) -> None:
    """Delete every row but the migration and plugin-state ones; enable every plugin again.

    Plain DELETEs, children first: on tables this small they are much faster than the
    TRUNCATE of ``core.testing.wipe`` on PostgreSQL.
    """
    with app.app_context():
        if "lab_tables" not in app.extensions:
            existing = set(inspect(db.engine).get_table_names())
            ordered = [t.name for t in reversed(db.metadata.sorted_tables)]
            app.extensions["lab_tables"] = [
                name
                for name in (*LAB_TABLES, *ordered)
                if name in existing and name not in KEEP_TABLES
            ]
        with db.engine.begin() as conn:
            for name in app.extensions["lab_tables"]:
                conn.execute(text(f'DELETE FROM "{name}"'))
            if conn.dialect.name == "postgresql":  # ids from 1 again, as SQLite does
                for name in LAB_TABLES:
                    conn.execute(text(f"ALTER SEQUENCE {name}_id_seq RESTART"))
        set_enabled(set(app.extensions["nhip"].loadable()), True)
        sync(app)
        db.session.remove()


@pytest.fixture(name="lab")
def lab_fixture(lab_app) -> Iterator[Lab]:
    """The lab application with an empty database."""
    empty(lab_app)
    helper = Lab(lab_app)
    helper.module.BADGE_CALLS.clear()
    yield helper
    with lab_app.app_context():
        db.session.remove()
