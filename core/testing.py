"""Pytest fixtures for the host and for plugins (loaded by the root ``conftest.py``).

``app`` runs each test on SQLite and on PostgreSQL: one migrated database per backend and test
session, emptied before every test. ``fresh_database_url`` gives a brand-new empty database for
tests that build their own application (plugin manager, migrations). A missing PostgreSQL is a
skip with the reason, or a failure under ``CI=true``.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.config import load_settings

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_DEFAULT = "redis://127.0.0.1:6379/0"
#: the test Redis's database numbers that ``fresh_redis_url`` hands out, one test at a time
REDIS_TEST_DATABASES = range(1, 15)
REDIS_CLAIM_SECONDS = 900
BACKENDS = ("sqlite", "postgresql")
KEEP_TABLES = {"alembic_version", "core_plugin_state"}


def service_missing(what: str, reason: str) -> None:
    """Skip (on a developer's machine) or fail (under CI=true) for a missing service."""
    message = f"{what} unavailable: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true: services are required)")
    pytest.skip(message)


def pg_admin_url() -> str:
    url = make_url(os.environ.get("NHIP_TEST_DATABASE_URL") or PG_DEFAULT)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


class PgDatabases:
    """Creates and drops throw-away PostgreSQL databases on the test server."""

    def __init__(self) -> None:
        self.admin_url = pg_admin_url()
        self.engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def check(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("select 1"))
        except Exception as exc:  # noqa: BLE001
            return str(exc).splitlines()[0]
        return None

    def create(self) -> str:
        name = f"nhip_t_{uuid.uuid4().hex[:12]}"
        with self.engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases]:
    pg = PgDatabases()
    problem = pg.check()
    if problem:
        pg.engine.dispose()
        service_missing("PostgreSQL", f"{pg.admin_url.split('@')[-1]}: {problem}")
    yield pg
    pg.drop_all()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis (``NHIP_TEST_REDIS_URL``, default the local server's database 0), checked
    with a ping; a missing server is a skip (a failure under CI=true). Tests that write to
    Redis should use ``fresh_redis_url`` instead: an empty database of their own."""
    import redis

    url = os.environ.get("NHIP_TEST_REDIS_URL") or REDIS_DEFAULT
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_missing("Redis", f"{url}: {exc}")
    finally:
        client.close()
    return url


@pytest.fixture
def fresh_redis_url(redis_url) -> Iterator[str]:
    """An empty Redis database for one test: another database number of the test server,
    claimed in ``redis_url``'s database (so that concurrent test runs on one server never share
    one), flushed before and after the test."""
    with claimed_redis_database(redis_url) as url:
        if url is None:
            pytest.fail("no free Redis database for this test (all claimed: is a run stuck?)")
        yield url


@contextmanager
def claimed_redis_database(base_url: str) -> Iterator[str | None]:
    """An empty database of the Redis server at ``base_url`` for the block (its URL; None when
    every test database is claimed): claimed with a key in ``base_url``'s own database, so
    that concurrent runs (tests, benchmarks) never share one; flushed before and after."""
    import redis

    base = redis.Redis.from_url(base_url, socket_timeout=2)
    token = uuid.uuid4().hex
    own = redis_database(base_url)
    claimed = None
    for number in REDIS_TEST_DATABASES:
        if number == own:
            continue
        if base.set(f"nhip:test:redis-db:{number}", token, nx=True, ex=REDIS_CLAIM_SECONDS):
            claimed = number
            break
    if claimed is None:
        base.close()
        yield None
        return
    url = with_redis_database(base_url, claimed)
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()
        if base.get(f"nhip:test:redis-db:{claimed}") == token.encode():
            base.delete(f"nhip:test:redis-db:{claimed}")
        base.close()


def redis_database(url: str) -> int:
    """The database number a ``redis://host:port/N`` URL names (0 without one)."""
    path = urlparse(url).path.strip("/")
    return int(path) if path.isdigit() else 0


def with_redis_database(url: str, number: int) -> str:
    """``url`` naming database ``number`` instead."""
    return urlparse(url)._replace(path=f"/{number}").geturl()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """Each test using it runs once on SQLite and once on PostgreSQL."""
    return request.param


@pytest.fixture
def fresh_database_url(backend, tmp_path, request) -> str:
    """A new, empty database of the current backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    return request.getfixturevalue("pg_databases").create()


def make_app(
    instance: Path,
    database_url: str,
    plugins_dir: Path | None = None,
    *,
    strict: bool = True,
    **config,
):
    """An application on ``database_url`` with test settings (CSRF off unless asked).

    Strict about plugins (``NHIP_STRICT_PLUGINS``): a plugin in error fails the test at once
    with its reason. A test that builds a broken plugin on purpose passes ``strict=False``."""
    from core.app import create_app

    settings = load_settings(
        environ={},
        instance=str(instance),
        database_url=database_url,
        secret_key="test-secret-key-0123456789",
        plugins_dir=str(plugins_dir) if plugins_dir else str(instance / "plugins"),
        strict_plugins="1" if strict else "0",
    )
    config.setdefault("TESTING", True)
    config.setdefault("WTF_CSRF_ENABLED", False)
    return create_app(settings, **config)


def use_settings(app, monkeypatch, **changes) -> None:
    """Change ``app``'s settings for one test (``redis_url=...``, ``smtp_url=None``); the
    monkeypatch puts them back after it."""
    monkeypatch.setitem(app.config, "NHIP", dataclasses.replace(app.config["NHIP"], **changes))


@pytest.fixture(scope="session")
def _session_apps(tmp_path_factory) -> Iterator[dict]:
    apps: dict = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            from core.db import db

            db.engine.dispose()


def session_app(request, backend: str, plugins_dir: Path | None = None, name: str = "default"):
    """An initialised application per (backend, name) for the whole test session.

    ``plugins_dir`` adds test plugins (written by the caller) to the bundled ones.
    """
    apps = request.getfixturevalue("_session_apps")
    key = (backend, name)
    if key not in apps:
        from core.setup import init_instance

        instance = request.getfixturevalue("tmp_path_factory").mktemp(f"instance-{name}-{backend}")
        if backend == "sqlite":
            url = f"sqlite:///{instance / 'test.sqlite3'}"
        else:
            url = request.getfixturevalue("pg_databases").create()
        app = make_app(instance, url, plugins_dir=plugins_dir)
        init_instance(app)
        apps[key] = app
    return apps[key]


def _session_app(backend: str, request):
    return session_app(request, backend)


def wipe(app) -> None:
    """Empty every table but the migration and plugin-state ones; re-enable every plugin.

    First waits for the embedded queue's jobs left by the previous test and forgets ``app``'s
    scheduled jobs, so that no job of one test runs in the next."""
    from core.db import db
    from core.plugin_states import set_enabled, sync
    from core.queue import drain
    from core.queue.embedded import reset

    drain()
    reset(app)
    with app.app_context():
        tables = [t.name for t in db.metadata.sorted_tables if t.name not in KEEP_TABLES]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # DELETE (children first) is far faster than TRUNCATE on small tables
                existing = set(
                    conn.execute(text("select tablename from pg_tables where schemaname='public'"))
                    .scalars()
                    .all()
                )
                statements = [f'DELETE FROM "{t}"' for t in reversed(tables) if t in existing]
                sequences = (
                    conn.execute(
                        text("select sequencename from pg_sequences where schemaname='public'")
                    )
                    .scalars()
                    .all()
                )
                statements += [f'ALTER SEQUENCE "{name}" RESTART' for name in sequences]
                if statements:
                    conn.execute(text("; ".join(statements)))
            else:
                existing = set(
                    conn.execute(text("select name from sqlite_master where type='table'"))
                    .scalars()
                    .all()
                )
                for name in reversed(tables):
                    if name in existing:
                        conn.execute(text(f'DELETE FROM "{name}"'))
                if "sqlite_sequence" in existing:
                    conn.execute(text("DELETE FROM sqlite_sequence"))
        set_enabled(set(app.extensions["nhip"].loadable()), True)
        sync(app)
        db.session.remove()
    app.extensions["nhip_login_throttle"].reset()


@pytest.fixture
def nhip_plugins_dir(request) -> Path | None:
    """A plugins folder whose plugins join the installed ones in ``app``: the ``plugins_dir``
    of a ``nhip_plugins`` marker, else none. Override it in a ``conftest.py`` to test plugins
    that are not installed."""
    marker = request.node.get_closest_marker("nhip_plugins")
    folder = marker.kwargs.get("plugins_dir") if marker else None
    return Path(folder) if folder else None


@pytest.fixture
def nhip_plugins(request) -> list[str] | None:
    """The plugins ``app`` enables, with what they require (every other one is disabled): the
    names of a ``nhip_plugins`` marker, else None (every plugin found). Override it in a
    ``conftest.py`` to choose them for a whole folder."""
    marker = request.node.get_closest_marker("nhip_plugins")
    return list(marker.args) if marker and marker.args else None


def enable_only(app, names: list[str]) -> None:
    """Enable ``names`` and their requirements on ``app``, disable every other plugin; fails
    the test, with the reason, for a plugin that is unknown or cannot be enabled."""
    from core.db import db
    from core.plugin_states import set_enabled, sync
    from core.resolve import requirements_closure

    host = app.extensions["nhip"]
    unknown = [name for name in names if name not in host.discovered]
    if unknown:
        found = ", ".join(sorted(host.discovered))
        pytest.fail(f"no plugin named {', '.join(unknown)} (found: {found})")
    manifests = {n: d.manifest for n, d in host.discovered.items() if d.manifest}
    wanted = {req for name in names for req in requirements_closure(name, manifests)}
    with app.app_context():
        set_enabled(set(host.loadable()) - wanted, False)
        sync(app)
        db.session.remove()
    for name in names:
        if not host.is_enabled(name):
            reason = host.load_errors.get(name) or host.live.errors.get(name) or "not loadable"
            pytest.fail(f"plugin {name} cannot be enabled: {reason}")


@pytest.fixture
def app(backend, request, nhip_plugins_dir, nhip_plugins):
    """The shared application of ``backend``, its database emptied for this test; with the
    plugins of ``nhip_plugins_dir`` and only ``nhip_plugins`` enabled when they are set."""
    if nhip_plugins_dir is None:
        application = _session_app(backend, request)
    else:
        folder = Path(nhip_plugins_dir).resolve()
        name = f"dir-{uuid.uuid5(uuid.NAMESPACE_URL, str(folder)).hex[:10]}"
        application = session_app(request, backend, plugins_dir=folder, name=name)
    wipe(application)
    if nhip_plugins is not None:
        enable_only(application, list(nhip_plugins))
    yield application
    with application.app_context():
        from core.db import db

        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """``make_user(email, roles=[...], name=..., password=None)`` -> user id."""
    from core.db import db
    from core.models import User

    def factory(
        email: str,
        roles: list[str] | None = None,
        name: str | None = None,
        password: str | None = None,
        language: str = "en",
    ) -> int:
        with app.app_context():
            user = User(
                email=email.lower(), name=name or email.split("@")[0].title(), language=language
            )
            if password:
                user.set_password(password)
            user.set_roles(roles if roles is not None else ["employee"])
            db.session.add(user)
            db.session.commit()
            return user.id

    return factory


def login_as(client, user_id: int) -> None:
    """Make ``client``'s session belong to ``user_id`` (no password round trip)."""
    from core.auth.sessions import login_id
    from core.db import db
    from core.models import User

    with client.application.app_context():
        user = db.session.get(User, user_id)
        value = login_id(user) if user is not None else f"{user_id}::0:0"
        db.session.remove()
    with client.session_transaction() as session:
        session["_user_id"] = value
        session["_fresh"] = True


@pytest.fixture
def login():
    return login_as
