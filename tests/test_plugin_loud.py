"""A plugin in error is loud: start-up names it, ``nhip plugins check`` fails for deploy
scripts, ``nhip plugins show`` tells everything, and strict mode refuses to start."""

import pytest
from click.testing import CliRunner
from plugin_kit import build_app, run_cli, write_parcels, write_plugin

from core.cli import cli
from core.host import PluginsInError
from core.setup import init_instance

#: a plugin whose import fails two calls deep, so that its traceback has frames to show
BROKEN = """
def _read_rates():
    return _open_table()


def _open_table():
    raise ValueError('no rate table')


RATES = _read_rates()
"""

GREETER = """
from flask import Blueprint

bp = Blueprint("greeter", __name__)


@hookimpl
def register_blueprints():
    '''No routes, only a blueprint.'''
    return [bp]


@hookimpl
def app_ready(app):
    '''Nothing to prepare.'''
"""

REASON = "ValueError: no rate table (broken.py:11)"


@pytest.fixture
def plugins_dir(tmp_path):
    """``greeter`` (healthy, two hooks, requires parcels), ``parcels``, ``broken`` (in error)."""
    folder = tmp_path / "plugins"
    write_parcels(folder)
    write_plugin(folder, "greeter", GREETER, version="2.1", requires={"parcels": ">=1"})
    write_plugin(folder, "broken", BROKEN)
    return folder


@pytest.fixture
def lenient_app(tmp_path, fresh_database_url, plugins_dir, request):
    app = build_app(tmp_path, fresh_database_url, plugins_dir, request, strict=False)
    init_instance(app)
    return app


def _env(tmp_path, database_url, plugins_dir, **extra):
    return {
        "NHIP_INSTANCE": str(tmp_path / "cli-instance"),
        "NHIP_DATABASE_URL": database_url,
        "NHIP_PLUGINS_DIR": str(plugins_dir),
        "NHIP_STRICT_PLUGINS": "0",
        **extra,
    }


def test_check_fails_naming_each_plugin_in_error(lenient_app):
    result = run_cli(lenient_app, "plugins", "check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"plugin broken is in error: {REASON}",
        "1 plugin in error (`nhip plugins show NAME` tells more)",
    ]


def test_check_says_ok_when_no_plugin_is_in_error(tmp_path, fresh_database_url, request):
    folder = tmp_path / "plugins"
    write_plugin(folder, "greeter", GREETER)
    app = build_app(tmp_path, fresh_database_url, folder, request)
    init_instance(app)
    result = run_cli(app, "plugins", "check")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("plugins OK (")
    assert "none in error" in result.output


def test_show_prints_the_full_traceback_of_a_plugin_in_error(lenient_app, plugins_dir):
    result = run_cli(lenient_app, "plugins", "show", "broken")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "state:     error\n" in out
    assert f"source:    plugins dir ({plugins_dir / 'broken.py'})\n" in out
    assert "version:   unknown\n" in out  # its manifest was never read
    assert f"error:     {REASON}\n" in out
    trace = out.split("traceback:\n", 1)[1]
    assert trace.startswith("Traceback (most recent call last):")
    for line in ("RATES = _read_rates()", "return _open_table()", "raise ValueError"):
        assert line in trace
    assert trace.rstrip().endswith("ValueError: no rate table")


def test_show_prints_a_healthy_plugin_s_hooks_and_requirements(lenient_app):
    result = run_cli(lenient_app, "plugins", "show", "greeter")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "plugin:    greeter",
        "state:     enabled",
        f"source:    plugins dir ({lenient_app.config['NHIP'].plugins_dir / 'greeter.py'})",
        "version:   2.1",
        "requires:  parcels>=1",
        "hooks:     app_ready, register_blueprints",
    ]


def test_show_a_requirement_error_says_there_is_no_traceback(tmp_path, fresh_database_url, request):
    folder = tmp_path / "plugins"
    write_plugin(folder, "lonely", requires={"nowhere": ">=1"})
    app = build_app(tmp_path, fresh_database_url, folder, request, strict=False)
    result = run_cli(app, "plugins", "show", "lonely")
    assert "error:     requires 'nowhere', which is not installed\n" in result.output
    assert "traceback: none (the reason above says it all)\n" in result.output


def test_show_an_unknown_plugin_is_a_clear_error_with_status_2(lenient_app):
    result = run_cli(lenient_app, "plugins", "show", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("nhip: no plugin named 'nope' (known: broken, crm, ")
    assert "Traceback" not in result.output


def test_init_and_run_name_each_plugin_in_error_on_start(
    tmp_path, fresh_database_url, plugins_dir, monkeypatch
):
    served = []
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *a, **k: served.append(a[:2]))
    env = _env(tmp_path, fresh_database_url, plugins_dir, NHIP_REDIS_URL="redis://127.0.0.1:1/0")
    runner = CliRunner()
    expected = [f"plugin broken is in error: {REASON}", "(`nhip plugins show NAME` tells more)"]

    init = runner.invoke(cli, ["init"], env=env)
    assert init.exit_code == 0, init.output
    assert init.stderr.splitlines() == expected

    run = runner.invoke(cli, ["run", "--port", "5999"], env=env)
    assert run.exit_code == 0, run.output
    assert run.stderr.splitlines() == expected
    assert served == [("127.0.0.1", 5999)]


@pytest.mark.parametrize("where", ["environment", "nhip.toml"])
def test_strict_start_up_fails_with_the_plugin_and_its_reason(
    where, tmp_path, fresh_database_url, plugins_dir
):
    env = _env(tmp_path, fresh_database_url, plugins_dir)
    if where == "environment":
        env["NHIP_STRICT_PLUGINS"] = "1"
    else:
        del env["NHIP_STRICT_PLUGINS"]
        (tmp_path / "cli-instance").mkdir()
        (tmp_path / "cli-instance" / "nhip.toml").write_text("strict_plugins = true\n")
    result = CliRunner().invoke(cli, ["init"], env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"nhip: plugin broken is in error: {REASON}",
        "nhip: start-up refused: NHIP_STRICT_PLUGINS is on "
        "(`nhip plugins show NAME` tells more; fix or remove the plugin)",
    ]

    check = CliRunner().invoke(cli, ["plugins", "check"], env=env)
    assert check.exit_code == 1  # the plugins commands still start, to say what is wrong
    assert check.stderr.splitlines()[0] == f"plugin broken is in error: {REASON}"


def test_the_test_applications_are_strict_unless_told_otherwise(
    tmp_path, fresh_database_url, plugins_dir, request
):
    with pytest.raises(PluginsInError) as refused:
        build_app(tmp_path, fresh_database_url, plugins_dir, request)
    assert refused.value.errors == {"broken": REASON}
    assert "broken: " + REASON in str(refused.value)


def test_show_keeps_the_traceback_of_a_declaration_that_raised(
    tmp_path, fresh_database_url, request
):
    folder = tmp_path / "plugins"
    write_plugin(
        folder,
        "declarer",
        "@hookimpl\ndef register_entities():\n    raise LookupError('no such table list')\n",
    )
    app = build_app(tmp_path, fresh_database_url, folder, request, strict=False)
    result = run_cli(app, "plugins", "show", "declarer")
    out = result.output
    assert "error:     register_entities: LookupError: no such table list (declarer.py:7)\n" in out
    assert "hooks:     register_entities\n" in out
    trace = out.split("traceback:\n", 1)[1]
    assert trace.startswith("Traceback (most recent call last):")
    assert "raise LookupError('no such table list')" in trace
