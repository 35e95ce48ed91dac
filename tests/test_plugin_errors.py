"""Each way a plugin can fail: it gets state ``error`` with a one-line reason, plugins requiring
it fail naming it, and the host and every other plugin start normally."""

import re

import pytest
from plugin_kit import build_app, run_cli, states, write_plugin

from core.setup import init_instance

HEALTHY = """
from flask import Blueprint

from core.auth import public

bp = Blueprint("healthy", __name__, url_prefix="/healthy")


@bp.get("/ping")
@public
def ping():
    return "pong"


@hookimpl
def register_blueprints():
    '''The healthy plugin's one route.'''
    return [bp]
"""


def _unknown_field(folder):
    write_plugin(
        folder, "broken", manifest="manifest = Manifest(name='broken', version='1', colour='red')"
    )
    return r"ManifestError: unknown manifest field\(s\): colour \(broken\.py:3\)"


def _unknown_field_in_package(folder):
    write_plugin(
        folder,
        "broken",
        package=True,
        manifest="manifest = Manifest(name='broken', version='1', colour='red')",
    )
    return r"ManifestError: unknown manifest field\(s\): colour \(__init__\.py:3\)"


def _invalid_version(folder):
    write_plugin(folder, "broken", version="one")
    return r"ManifestError: version 'one' is not a PEP 440 version \(broken\.py:3\)"


def _invalid_specifier(folder):
    write_plugin(folder, "broken", core=">>1")
    return r"ManifestError: core: '>>1' is not a version specifier \(broken\.py:3\)"


def _no_manifest(folder):
    write_plugin(folder, "broken", manifest="")
    return r"no module-level `manifest = Manifest\(\.\.\.\)`"


def _import_error(folder):
    write_plugin(folder, "broken", "import nhip_no_such_module\n")
    return r"ModuleNotFoundError: No module named 'nhip_no_such_module' \(broken\.py:5\)"


def _import_error_in_package(folder):
    write_plugin(
        folder,
        "broken",
        "from . import models  # noqa: F401\n",
        files={"models.py": "X = 1\n\nraise RuntimeError('no database driver')\n"},
    )
    return r"RuntimeError: no database driver \(models\.py:3\)"


def _syntax_error(folder):
    write_plugin(folder, "broken", "def oops(:\n    pass\n")
    return r"SyntaxError: .+ \(broken\.py:5\)"


def _missing_requirement(folder):
    write_plugin(folder, "broken", requires={"nowhere": ">=1"})
    return r"requires 'nowhere', which is not installed"


def _incompatible_requirement(folder):
    write_plugin(folder, "broken", requires={"crm": ">=2"})
    return r"requires crm >=2, but crm 0\.1\.0 is installed"


def _unknown_hook(folder):
    write_plugin(folder, "broken", "@hookimpl\ndef regster_menu():\n    return []\n")
    return r"implements unknown hook 'regster_menu'"


def _extra_argument(folder):
    write_plugin(
        folder,
        "broken",
        "@hookimpl\ndef entity_created(entity, record, actor_id, colour):\n    pass\n",
    )
    return (
        r"invalid implementation of hook 'entity_created' "
        r"\(entity_created\(entity, record, actor_id, colour\)\): "
        r"Argument\(s\) \{'colour'\} are declared in the hookimpl "
        r"but can not be found in the hookspec"
    )


def _core_range_unmet(folder):
    write_plugin(folder, "broken", core=">=9")
    return r"needs core >=9, this host is 0\.1\.0"


def _declaration_raises(folder):
    write_plugin(
        folder,
        "broken",
        "@hookimpl\ndef register_entities():\n    raise LookupError('no such table list')\n",
    )
    return r"register_entities: LookupError: no such table list \(broken\.py:7\)"


def _entity_key_taken(folder):
    write_plugin(
        folder,
        "broken",
        """
        from core.entities import EntityType
        from core.models import User


        @hookimpl
        def register_entities():
            return [EntityType("core.user", User, "U", "Us", (), "x.read", "x.write")]
        """,
    )
    return r"register_entities: entity 'core\.user' is already declared by core"


def _not_a_blueprint(folder):
    write_plugin(folder, "broken", "@hookimpl\ndef register_blueprints():\n    return ['/x']\n")
    return r"register_blueprints: returned str where a Blueprint was expected"


def _blueprint_name_taken(folder):
    write_plugin(
        folder,
        "broken",
        requires={"healthy": ""},  # so that healthy comes first and broken is the latecomer
        body="""
        from flask import Blueprint


        @hookimpl
        def register_blueprints():
            return [Blueprint("healthy", __name__)]
        """,
    )
    return r"register_blueprints: blueprint 'healthy' is already declared by healthy"


CASES = {
    "unknown manifest field": _unknown_field,
    "unknown manifest field in a package": _unknown_field_in_package,
    "invalid version": _invalid_version,
    "invalid specifier": _invalid_specifier,
    "no manifest": _no_manifest,
    "import error": _import_error,
    "import error in a package's module": _import_error_in_package,
    "syntax error": _syntax_error,
    "missing requirement": _missing_requirement,
    "incompatible requirement": _incompatible_requirement,
    "unknown hook": _unknown_hook,
    "hook argument its spec lacks": _extra_argument,
    "core version range unmet": _core_range_unmet,
    "a declaration raises": _declaration_raises,
    "an entity key already declared": _entity_key_taken,
    "not a blueprint": _not_a_blueprint,
    "a blueprint name already declared": _blueprint_name_taken,
}


@pytest.mark.parametrize("case", CASES)
def test_a_failing_plugin_is_in_error_and_everything_else_runs(
    case, tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    expected = CASES[case](plugins)
    write_plugin(plugins, "healthy", HEALTHY)
    write_plugin(plugins, "needy", requires={"broken": ""})
    app = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    init_instance(app)

    found = states(app)
    state, reason = found["broken"]
    assert state == "error"
    assert re.fullmatch(expected, reason), reason
    assert "\n" not in reason
    assert found["needy"] == ("error", "requires 'broken', which has an error")
    assert found["healthy"] == ("enabled", "")
    assert {found[name][0] for name in ("crm", "hr", "orders", "sla")} == {"enabled"}

    client = app.test_client()
    assert client.get("/login").status_code == 200
    assert client.get("/healthy/ping").get_data(as_text=True) == "pong"


def test_the_same_name_in_entry_points_and_plugins_dir_is_an_error(
    tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    copy = write_plugin(plugins, "crm", version="9.0")
    write_plugin(plugins, "healthy", HEALTHY)
    app = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    init_instance(app)

    found = states(app)
    assert found["crm"] == (
        "error",
        f"duplicate plugin name 'crm' (plugins.crm.plugin and {copy})",
    )
    assert found["orders"] == ("error", "requires 'crm', which has an error")
    assert found["healthy"] == ("enabled", "")
    assert found["hr"] == ("enabled", "")
    assert app.test_client().get("/login").status_code == 200


@pytest.mark.parametrize(
    "contents",
    {
        "a syntax error": "def oops(:\n",
        "a side effect on import": "open(__file__ + '.imported', 'w').close()\n",
        "another manifest name": "",
    },
)
def test_a_plugin_both_installed_and_in_the_folder_is_refused_whatever_it_contains(
    contents, tmp_path, fresh_database_url, request
):
    """Neither copy is imported: the folder's copy cannot redeclare the installed one's models
    or run anything, and the message is the same on both sides."""
    plugins = tmp_path / "plugins"
    manifest = "manifest = Manifest(name='crm2', version='1')\n" if not contents else None
    copy = write_plugin(plugins, "crm", contents, package=True, manifest=manifest)
    app = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    init_instance(app)

    message = f"duplicate plugin name 'crm' (plugins.crm.plugin and {copy})"
    assert states(app)["crm"] == ("error", message)
    assert "crm2" not in states(app)
    assert not (copy / "__init__.py.imported").exists()
    assert app.extensions["nhip"].discovered["crm"].module is None
    listed = run_cli(app, "plugins", "check")
    assert listed.exit_code == 1
    assert f"plugin crm is in error: {message}" in listed.stderr


def test_a_cycle_puts_each_member_in_error_naming_the_cycle(tmp_path, fresh_database_url, request):
    plugins = tmp_path / "plugins"
    write_plugin(plugins, "alpha", requires={"beta": ""})
    write_plugin(plugins, "beta", package=True, requires={"alpha": ""})
    write_plugin(plugins, "gamma", requires={"beta": ""})
    write_plugin(plugins, "healthy", HEALTHY)
    app = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    init_instance(app)

    found = states(app)
    assert found["alpha"] == ("error", "dependency cycle: alpha -> beta -> alpha")
    assert found["beta"] == ("error", "dependency cycle: alpha -> beta -> alpha")
    assert found["gamma"] == ("error", "requires 'beta', which has an error")
    assert found["healthy"] == ("enabled", "")
    assert app.test_client().get("/healthy/ping").status_code == 200


def test_an_optional_implementation_of_an_unknown_hook_is_accepted(
    tmp_path, fresh_database_url, request
):
    """pluggy's ``check_pending`` rule: ``optionalhook=True`` marks an implementation of a hook
    that another plugin may declare (or not); it is no error."""
    plugins = tmp_path / "plugins"
    write_plugin(
        plugins,
        "courteous",
        "@hookimpl(optionalhook=True)\ndef billing_invoice_sent(invoice):\n    pass\n",
    )
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(app)
    assert states(app)["courteous"] == ("enabled", "")
