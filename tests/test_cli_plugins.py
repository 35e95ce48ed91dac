"""``nhip plugins list|enable|disable``: what an administrator types and reads."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from plugin_kit import build_app, run_cli, write_parcels, write_plugin
from sqlalchemy import inspect, text

from core.cli import cli
from core.db import db
from core.setup import init_instance

KEYS = {"name", "version", "state", "requires", "source", "error"}
NHIP = Path(sys.executable).parent / "nhip"


@pytest.fixture
def plugins_dir(tmp_path):
    """``parcels`` (a package), ``tracking`` (a module requiring it), ``broken`` (in error)."""
    folder = tmp_path / "plugins"
    write_parcels(folder)
    write_plugin(folder, "tracking", requires={"parcels": ">=1"})
    write_plugin(folder, "broken", "raise ValueError('bad')\n")
    return folder


@pytest.fixture
def instance_app(tmp_path, fresh_database_url, plugins_dir, request):
    app = build_app(tmp_path, fresh_database_url, plugins_dir, request, strict=False)
    init_instance(app)
    return app


def test_list_json_has_exactly_the_documented_keys(instance_app):
    result = run_cli(instance_app, "plugins", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.output)}
    assert all(set(row) == KEYS for row in rows.values())
    assert rows["tracking"] == {
        "name": "tracking",
        "version": "1.0",
        "state": "enabled",
        "requires": {"parcels": ">=1"},
        "source": "plugins dir",
        "error": None,
    }
    assert rows["crm"]["source"] == "entry point"
    assert rows["orders"]["requires"] == {"crm": ">=0.1"}
    assert rows["broken"]["state"] == "error"
    assert rows["broken"]["error"] == "ValueError: bad (broken.py:5)"


def test_list_as_text_shows_states_requirements_and_errors(instance_app):
    result = run_cli(instance_app, "plugins", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    tracking = next(line for line in lines if line.startswith("tracking "))
    assert "enabled" in tracking and "plugins dir" in tracking and "requires parcels>=1" in tracking
    assert any("error: ValueError: bad (broken.py:5)" in line for line in lines)


def test_disable_refuses_while_an_enabled_plugin_requires_it(instance_app):
    result = run_cli(instance_app, "plugins", "disable", "parcels")
    assert result.exit_code == 1
    assert "tracking requires parcels" in result.output
    assert "--cascade" in result.output


def test_disable_with_cascade_says_what_it_disabled(instance_app):
    result = run_cli(instance_app, "plugins", "disable", "parcels", "--cascade")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "disabled parcels, tracking; their data is kept"


def test_enable_enables_the_requirements_says_so_and_migrates(
    tmp_path, fresh_database_url, plugins_dir, request
):
    app = build_app(tmp_path, fresh_database_url, plugins_dir, request, strict=False)
    with app.app_context():
        from core.migrate import upgrade

        upgrade(app, plugins=[])  # core only: nothing enabled yet
    result = run_cli(app, "plugins", "enable", "tracking")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "enabled tracking and its requirements parcels"
    with app.app_context():
        assert inspect(db.engine).has_table("parcels_box")
        assert db.session.execute(text("select count(*) from parcels_box")).scalar() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("enable", "nope"), "no plugin named 'nope'"),
        (("disable", "nope"), "no plugin named 'nope'"),
        (("enable", "broken"), "broken cannot be enabled: ValueError: bad (broken.py:5)"),
    ],
)
def test_enable_and_disable_errors_exit_non_zero_with_the_reason(instance_app, args, message):
    result = run_cli(instance_app, "plugins", *args)
    assert result.exit_code == 1
    assert message in result.output


def test_commands_read_the_instance_from_the_environment(tmp_path, fresh_database_url, plugins_dir):
    env = {
        "NHIP_INSTANCE": str(tmp_path / "instance"),
        "NHIP_DATABASE_URL": fresh_database_url,
        "NHIP_PLUGINS_DIR": str(plugins_dir),
    }
    runner = CliRunner()
    init = runner.invoke(cli, ["init"], env=env)
    assert init.exit_code == 0, init.output
    assert "enabled plugins:" in init.stdout and "parcels" in init.stdout
    assert init.stderr.splitlines() == [
        "plugin broken is in error: ValueError: bad (broken.py:5)",
        "(`nhip plugins show NAME` tells more)",
    ]
    listed = runner.invoke(cli, ["plugins", "list", "--json"], env=env)
    states = {row["name"]: row["state"] for row in json.loads(listed.output)}
    assert states["parcels"] == "enabled" and states["broken"] == "error"


def test_the_installed_command_lists_plugins_end_to_end(tmp_path, fresh_database_url, plugins_dir):
    env = {
        **os.environ,
        "NHIP_INSTANCE": str(tmp_path / "instance"),
        "NHIP_DATABASE_URL": fresh_database_url,
        "NHIP_PLUGINS_DIR": str(plugins_dir),
    }
    subprocess.run([NHIP, "init"], env=env, check=True, capture_output=True, timeout=120)
    done = subprocess.run(
        [NHIP, "plugins", "list", "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    rows = {row["name"]: row for row in json.loads(done.stdout)}
    assert rows["tracking"]["state"] == "enabled"
    assert rows["broken"]["error"] == "ValueError: bad (broken.py:5)"
