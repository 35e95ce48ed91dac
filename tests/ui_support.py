"""Fixtures of the UI shell's tests: an application whose only plugin is the help-desk test
plugin (``tests/ui_plugins/uitest``), on SQLite and on PostgreSQL.

Test modules import ``ui_app`` from here: it is the fixture named ``app``, replacing the shared
one of ``core.testing``, so that ``client``, ``make_user`` and ``login`` work on this
application. The bundled plugins are kept disabled: these tests describe the shell, not them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from core.db import db
from core.testing import KEEP_TABLES, make_app

PLUGINS_DIR = Path(__file__).parent / "ui_plugins"
PLUGIN = "uitest"
PG_TABLES = "select tablename from pg_tables where schemaname='public'"


#: one application per backend for the whole test run
_APPS: dict = {}


def _dispose(application) -> None:
    with application.app_context():
        db.engine.dispose()


def _build(backend: str, request):
    from core.migrate import upgrade
    from core.plugin_states import set_enabled
    from core.setup import init_instance
    from core.translations_build import compile_all

    compile_all()  # the Vietnamese pages need the compiled catalogs
    compile_all([PLUGINS_DIR])  # and the test plugin's
    instance = request.getfixturevalue("tmp_path_factory").mktemp(f"ui-{backend}")
    if backend == "sqlite":
        url = f"sqlite:///{instance / 'ui.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_databases").create()
    application = make_app(instance, url, plugins_dir=PLUGINS_DIR)
    with application.app_context():
        upgrade(application, plugins=[])
        others = set(application.extensions["nhip"].loadable()) - {PLUGIN}
        set_enabled(others, False)
    init_instance(application)
    request.config.add_cleanup(lambda: _dispose(application))
    return application


def reset(application) -> None:
    """Empty every table but the migration and plugin-state ones; only the test plugin on."""
    from core.plugin_states import set_enabled, sync

    with application.app_context():
        tables = [t.name for t in db.metadata.sorted_tables if t.name not in KEEP_TABLES]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                rows = conn.execute(
                    text("select tablename from pg_tables where schemaname='public'")
                )
                existing = set(rows.scalars().all())
                names = ", ".join(f'"{t}"' for t in tables if t in existing)
                if names:
                    conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                rows = conn.execute(text("select name from sqlite_master where type='table'"))
                existing = set(rows.scalars().all())
                for name in reversed(tables):
                    if name in existing:
                        conn.execute(text(f'DELETE FROM "{name}"'))
                if "sqlite_sequence" in existing:
                    conn.execute(text("DELETE FROM sqlite_sequence"))
        host = application.extensions["nhip"]
        set_enabled({PLUGIN}, True)
        set_enabled(set(host.loadable()) - {PLUGIN}, False)
        sync(application)
        db.session.remove()


@pytest.fixture(name="app")
def ui_app(backend, request):
    """The UI test application of ``backend``, emptied for this test."""
    if backend not in _APPS:
        _APPS[backend] = _build(backend, request)
    application = _APPS[backend]
    reset(application)
    yield application
    with application.app_context():
        db.session.remove()


def add(app, *rows):
    """Insert model rows directly (test set-up); returns their ids."""
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


def text_of(html: bytes | str) -> str:
    """The visible text of a page, tags removed and white space collapsed."""
    if isinstance(html, bytes):
        html = html.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def new_customer(app, name: str) -> int:
    """A customer created through the service functions; returns its id."""
    from core import records

    with app.app_context():
        return records.create("uitest.customer", {"name": name}).id


def new_ticket(app, actor_id: int | None = None, **values) -> int:
    """A ticket created through the service functions (audited); returns its id."""
    from core import records

    values.setdefault("subject", "Printer jammed")
    with app.app_context():
        return records.create("uitest.ticket", values, actor_id).id


def ticket_state(app, ticket_id: int) -> str:
    """The ticket's current state, read fresh from the database."""
    from uitest_plugin import UitestTicket

    with app.app_context():
        return db.session.get(UitestTicket, ticket_id).state


def rows_of(html: bytes) -> list[str]:
    """The record ids of a list page's table rows, in order."""
    return re.findall(r'data-record="(\d+)"', html.decode())
