"""Upgrade: a database made by the previous release (``v0.1.0``, its demo company) upgrades with
today's ``nhip init`` and keeps every record and clock, on SQLite and PostgreSQL.

The databases come from ``tests/fixtures/`` (how they were made: its README), so the test needs
neither the tag nor the old code at run time. ``nhip init`` runs as the real command in a
subprocess; then every table the old release had holds the same rows (the old columns, row by
row), the new migrations are recorded, and the upgraded instance serves a sales order's page
with its SLA badges.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
import time_machine
from alembic.script import ScriptDirectory
from markupsafe import escape
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from core.db import db
from core.migrate import alembic_config, branches
from core.testing import login_as, make_app
from core.testing_server import NHIP, server_env

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
#: each earlier release with a fixture: the migration heads its demo database was left at
#: (files ``<release>-demo.sqlite3.gz`` and ``<release>-demo.postgresql.sql.gz``)
RELEASES = {"v0.1.0": {"core_0003", "orders_0002", "hr_0001", "sla_0003"}}
SALES = "orders.sales_order"


def restore(release: str, backend: str, tmp_path: Path, request) -> str:
    """A copy of ``release``'s fixture database of ``backend``; its URL."""
    if backend == "sqlite":
        target = tmp_path / "old.sqlite3"
        with gzip.open(FIXTURES / f"{release}-demo.sqlite3.gz") as packed, target.open("wb") as out:
            shutil.copyfileobj(packed, out)
        return f"sqlite:///{target}"
    url = request.getfixturevalue("pg_databases").create()
    script = gzip.decompress((FIXTURES / f"{release}-demo.postgresql.sql.gz").read_bytes()).decode()
    script = "\n".join(line for line in script.splitlines() if not line.startswith("\\"))
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as connection:
        connection.execute(script)
    return url


def snapshot(url: str) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows, but the migration table's."""
    engine = create_engine(url)
    try:
        tables: dict[str, tuple[list[str], list[tuple]]] = {}
        with engine.connect() as connection:
            schema = inspect(connection)
            for table in schema.get_table_names():
                if table == "alembic_version":
                    continue
                columns = [column["name"] for column in schema.get_columns(table)]
                tables[table] = (columns, rows_of(connection, table, columns))
        return tables
    finally:
        engine.dispose()


def rows_of(connection, table: str, columns: list[str]) -> list[tuple]:
    """``table``'s rows, only ``columns``, in a stable order (JSON columns cannot be sorted
    by the database)."""
    names = ", ".join(f'"{column}"' for column in columns)
    rows = [tuple(row) for row in connection.execute(text(f'SELECT {names} FROM "{table}"'))]
    return sorted(rows, key=repr)


def heads(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return set(
                connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
            )
    finally:
        engine.dispose()


def nhip_init(instance: Path, url: str) -> str:
    """Run today's ``nhip init`` on ``url``; its output (fails the test on a bad exit)."""
    env = server_env(instance, database_url=url, secret_key="upgrade-test-secret-0123456789")
    done = subprocess.run([str(NHIP), "init"], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("release", sorted(RELEASES))
def test_an_old_releases_database_upgrades_with_nhip_init_and_keeps_every_record_and_clock(
    release, backend, tmp_path, request
):
    url = restore(release, backend, tmp_path, request)
    old_heads = RELEASES[release]
    assert heads(url) == old_heads
    before = snapshot(url)
    assert len(before["sla_clock"][1]) > 100 and len(before["orders_sales_order"][1]) > 100

    nhip_init(tmp_path / "instance", url)

    after = snapshot(url)
    assert set(before) <= set(after), "a table of the old release is gone"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            for table, (columns, rows) in before.items():
                kept = rows_of(connection, table, columns)
                assert len(kept) == len(rows), (
                    f"{table}: {len(rows)} rows before, {len(kept)} after"
                )
                assert kept == rows, f"{table}: a row changed"
    finally:
        engine.dispose()
    assert nhip_init(tmp_path / "instance", url)  # a second run has nothing to do and works
    app = make_app(tmp_path / "instance", url)
    try:
        assert heads(url) != old_heads
        assert applied(app, heads(url)) >= newest(app), "a migration did not run"
        serves_a_sales_order_with_its_badges(app)
    finally:
        with app.app_context():
            db.engine.dispose()


def newest(app) -> set[str]:
    """The newest revision of the host and of every enabled plugin with migrations."""
    script = ScriptDirectory.from_config(alembic_config(app))
    enabled = ["core", *app.extensions["nhip"].live.order]
    known = branches(app)
    return {script.get_revision(f"{name}@head").revision for name in enabled if name in known}


def applied(app, recorded: set[str]) -> set[str]:
    """Every revision that the ``recorded`` heads imply (their ancestors and dependencies)."""
    script = ScriptDirectory.from_config(alembic_config(app))
    return {rev.revision for head in recorded for rev in script.walk_revisions("base", head)}


def serves_a_sales_order_with_its_badges(app) -> None:
    """The upgraded instance's page of a sales order with a running clock shows its badges."""
    from core.models import User
    from core.records import entity_type
    from core.ui.badges import badges_for
    from core.ui.links import record_url
    from plugins.sla.models import Clock

    with time_machine.travel(datetime.now(UTC), tick=False):  # one instant for both reads
        with app.test_request_context():
            admin = db.session.scalar(db.select(User).where(User.email == "admin@nhip.local"))
            clock = db.session.scalar(
                db.select(Clock)
                .where(Clock.entity == SALES, Clock.state == "running")
                .order_by(Clock.id)
                .limit(1)
            )
            assert clock is not None, "the demo has running clocks on sales orders"
            entity = entity_type(SALES)
            order = db.session.get(entity.model, clock.record_id)
            badges = badges_for(entity, [order], admin)[order.id]
            page_url, admin_id = record_url(entity, order), admin.id
            db.session.remove()
        assert any(badge.source == "sla" for badge in badges), badges
        client = app.test_client()
        login_as(client, admin_id)
        page = client.get(page_url)
        assert page.status_code == 200, page.text[:500]
        for badge in badges:
            assert str(escape(badge.label)) in page.text, badge
