"""A plugin whose models have no migration is refused with that reason (at enable, on the admin
page and at start-up), and ``nhip db revision NAME`` writes the revision it lacks, ready."""

import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from plugin_kit import build_app, run_cli, states, write_parcels, write_plugin
from sqlalchemy import inspect

from core.db import db
from core.host import PluginsInError
from core.migrate import alembic_config
from core.models import User
from core.setup import init_instance
from core.testing import login_as

RUFF = Path(sys.executable).parent / "ruff"

#: the plugin's model; a name of its own per test, since a table is declared once per process
MODEL = """
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import db


class Note(db.Model):
    __tablename__ = "{name}_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(200))
"""


@pytest.fixture
def name():
    return f"notes_{uuid.uuid4().hex[:8]}"


def _write(folder, name, with_model=True):
    """Plugin ``name`` (a package requiring parcels), with or without its model."""
    return write_plugin(
        folder,
        name,
        MODEL.format(name=name) if with_model else "",
        package=True,
        requires={"parcels": ">=1"},
    )


def _reason(name):
    return f"models without a migration: table {name}_note — run `nhip db revision {name}`"


def test_models_without_a_migration_are_refused_at_enable_with_the_reason(
    name, tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    write_parcels(plugins)
    _write(plugins, name)
    app = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    init_instance(app)
    assert states(app)[name] == ("error", _reason(name))
    assert states(app)["parcels"] == ("enabled", "")

    result = run_cli(app, "plugins", "enable", name)
    assert result.exit_code == 1
    assert f"{name} cannot be enabled: {_reason(name)}" in result.output

    with app.app_context():
        admin = User(email="admin@example.com", name="Admin")
        admin.set_roles(["admin"])
        db.session.add(admin)
        db.session.commit()
        admin_id = admin.id
    client = app.test_client()
    login_as(client, admin_id)
    response = client.post(f"/admin/plugins/{name}/enable", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"{name} cannot be enabled because of an error: {_reason(name)}" in html.replace(
        "&#96;", "`"
    )
    with app.app_context():
        assert not inspect(db.engine).has_table(f"{name}_note")


def test_an_enabled_plugin_that_gains_a_model_is_in_error_at_start_up(
    name, tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    write_parcels(plugins)
    _write(plugins, name, with_model=False)
    first = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(first)
    assert states(first)[name] == ("enabled", "")

    _write(plugins, name)  # a model is added, its migration forgotten
    with pytest.raises(PluginsInError) as refused:
        build_app(tmp_path, fresh_database_url, plugins, request)
    assert refused.value.errors == {name: _reason(name)}
    app = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    assert states(app)[name] == ("error", _reason(name))
    assert app.test_client().get("/login").status_code == 200


def test_db_revision_writes_a_ready_revision_then_the_plugin_enables(
    name, tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    write_parcels(plugins)
    package = _write(plugins, name)
    app = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    init_instance(app)
    with app.app_context():
        script = ScriptDirectory.from_config(alembic_config(app))
        core_head = script.get_revision("core@head").revision

    result = run_cli(app, "db", "revision", name)
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip().splitlines()[-1])
    assert path == package / "migrations" / f"{name}_0001_tables.py"
    source = path.read_text(encoding="utf-8")
    assert source.startswith(f'"""{name}: tables\n')
    assert f'revision = "{name}_0001"\n' in source
    assert "down_revision = None\n" in source
    assert f'branch_labels = ("{name}",)\n' in source
    assert re.search(rf'^depends_on = \["{core_head}", "parcels_0001"\]$', source, re.M), source
    assert f'"{name}_note"' in source and "op.create_table(" in source
    for command in (["format", "--check"], ["check"]):
        done = subprocess.run([RUFF, *command, str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr

    fixed = build_app(tmp_path, fresh_database_url, plugins, request)  # strict: no error left
    enabled = run_cli(fixed, "plugins", "enable", name)
    assert enabled.exit_code == 0, enabled.output
    with fixed.app_context():
        assert inspect(db.engine).has_table(f"{name}_note")

    second = run_cli(fixed, "db", "revision", name, "-m", "Note colours", "--empty")
    assert second.exit_code == 0, second.output
    path = Path(second.output.strip().splitlines()[-1])
    assert path.name == f"{name}_0002_note_colours.py"
    source = path.read_text(encoding="utf-8")
    assert source.startswith(f'"""{name}: Note colours\n')
    assert f'down_revision = "{name}_0001"\n' in source
    assert "depends_on = None\n" in source  # its history already reaches core and parcels
    assert "from alembic import op\n" in source  # kept for the author to write the upgrade


def test_db_revision_of_an_unknown_plugin_is_one_line(tmp_path, fresh_database_url, request):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    result = run_cli(app, "db", "revision", "nope")
    assert result.exit_code == 1
    assert result.output.strip() == "Error: unknown plugin 'nope'"


def test_under_strict_start_up_the_revision_the_error_asks_for_can_still_be_written(
    name, tmp_path, fresh_database_url
):
    from click.testing import CliRunner

    from core.cli import cli

    plugins = tmp_path / "plugins"
    write_parcels(plugins)
    _write(plugins, name)
    env = {
        "NHIP_INSTANCE": str(tmp_path / "instance"),
        "NHIP_DATABASE_URL": fresh_database_url,
        "NHIP_PLUGINS_DIR": str(plugins),
        "NHIP_STRICT_PLUGINS": "1",
    }
    runner = CliRunner()
    refused = runner.invoke(cli, ["init"], env=env)
    assert refused.exit_code == 1
    assert f"nhip: plugin {name} is in error: {_reason(name)}" in refused.stderr
    assert runner.invoke(cli, ["init"], env={**env, "NHIP_STRICT_PLUGINS": "0"}).exit_code == 0

    written = runner.invoke(cli, ["db", "revision", name], env=env)
    assert written.exit_code == 0, written.output
    assert written.stdout.strip().endswith(f"{name}_0001_tables.py")
    started = runner.invoke(cli, ["init"], env=env)
    assert started.exit_code == 0, started.output
    assert f"enabled plugins: {name}" in started.stdout
