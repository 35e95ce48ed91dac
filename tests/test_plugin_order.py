"""The order of plugins and of their hook implementations (documented in
docs/plugin-guide.md, "Order"): plugins load requirements first, then by name; pluggy calls
the last registered implementation first, so a plugin's implementation runs before those of
the plugins it requires, and the host's own implementations run last."""

import pytest
from plugin_kit import build_app, write_plugin

from core.setup import init_instance

ROLE = """
from core.auth import Role


@hookimpl
def register_roles():
    '''A role named after the plugin.'''
    return [Role(manifest.name + "_role")]
"""


@pytest.fixture
def ordered_app(tmp_path, fresh_database_url, request):
    plugins = tmp_path / "plugins"
    write_plugin(plugins, "addon", ROLE, requires={"base": ""})
    write_plugin(plugins, "base", ROLE, package=True)
    write_plugin(plugins, "zeta", ROLE)
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(app)
    return app


def _ours(names):
    return [n for n in names if n in {"addon", "base", "zeta", "admin"}]


def test_plugins_load_requirements_first_then_by_name(ordered_app):
    order = ordered_app.extensions["nhip"].live.order
    assert _ours(order) == ["base", "addon", "zeta"]
    assert order.index("crm") < order.index("orders")


def test_implementations_run_last_registered_first_and_the_hosts_last(ordered_app):
    with ordered_app.app_context():
        answers = ordered_app.extensions["nhip"].hook.register_roles()
    names = [role.name.removesuffix("_role") for roles in answers for role in roles or []]
    assert _ours(names) == ["zeta", "addon", "base", "admin"]
    assert names.index("admin") > names.index("base"), "core.builtin's roles come last"


def test_call_in_order_runs_the_host_first_then_requirements_first(ordered_app):
    with ordered_app.app_context():
        answers = ordered_app.extensions["nhip"].call_in_order("register_roles")
    names = [role.name.removesuffix("_role") for roles in answers for role in roles or []]
    assert _ours(names) == ["admin", "base", "addon", "zeta"]
