"""The plugins administration page: states, requirements, enable and disable with reasons."""

from __future__ import annotations

import re

import pytest

from core.db import db
from core.models import User
from core.plugin_states import disable, read_enabled
from core.setup import init_instance
from core.testing import login_as, make_app

#: ledger <- invoicing <- dunning; payroll fails to import
PLUGINS = {
    "ledger": "manifest = Manifest(name='ledger', version='1.2', label='Ledger')\n",
    "invoicing": (
        "manifest = Manifest(name='invoicing', version='2.0', label='Invoicing',\n"
        "                    requires={'ledger': '>=1.0'})\n"
    ),
    "dunning": (
        "manifest = Manifest(name='dunning', version='0.3', label='Dunning',\n"
        "                    requires={'invoicing': ''})\n"
    ),
    "payroll": "raise ImportError('payroll needs the tax tables')\n",
}


@pytest.fixture
def plugin_app(tmp_path, fresh_database_url):
    """An instance with the four plugins above, all that can run enabled, and an admin."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    for name, source in PLUGINS.items():
        (folder / f"{name}.py").write_text("from core import Manifest\n\n" + source)
    application = make_app(
        tmp_path / "instance", fresh_database_url, plugins_dir=folder, strict=False
    )
    init_instance(application)
    with application.app_context():
        admin = User(email="admin@example.com", name="Admin")
        admin.set_roles(["admin"])
        db.session.add(admin)
        db.session.commit()
        application.config["test_admin_id"] = admin.id
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def admin_client(plugin_app):
    client = plugin_app.test_client()
    login_as(client, plugin_app.config["test_admin_id"])
    return client


def enabled(application) -> set[str]:
    with application.app_context():
        return read_enabled() & set(PLUGINS)


def row_of(html: str, name: str) -> str:
    match = re.search(rf'<tr id="plugin-{name}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {name}"
    return match.group(1)


def test_the_page_lists_every_plugin_with_state_version_and_requirements(admin_client):
    html = admin_client.get("/admin/plugins").get_data(as_text=True)
    invoicing = row_of(html, "invoicing")
    assert "Invoicing" in invoicing and "2.0" in invoicing
    assert "ledger&gt;=1.0" in invoicing
    assert "text-bg-success" in invoicing  # enabled badge
    assert "Plugins folder" in invoicing
    payroll = row_of(html, "payroll")
    assert "text-danger" in payroll
    assert "payroll needs the tax tables" in payroll
    assert "<code>nhip plugins show payroll</code>" in payroll
    assert "text-bg-danger" in payroll  # error badge
    assert "disabled" in payroll and "/admin/plugins/payroll/enable" not in payroll


def test_enabling_a_plugin_also_enables_its_requirements_and_says_so(plugin_app, admin_client):
    with plugin_app.app_context():
        disable(plugin_app, "ledger", cascade=True)
    assert enabled(plugin_app) == set()
    response = admin_client.post("/admin/plugins/dunning/enable", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Enabled dunning and the plugins it requires: ledger, invoicing." in html
    assert enabled(plugin_app) == {"ledger", "invoicing", "dunning"}


def test_disabling_a_required_plugin_is_refused_naming_who_needs_it(plugin_app, admin_client):
    response = admin_client.post("/admin/plugins/ledger/disable")
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "these enabled plugins require it: dunning, invoicing" in html
    assert 'name="cascade" value="1"' in html
    assert enabled(plugin_app) == {"ledger", "invoicing", "dunning"}


def test_disable_all_disables_the_plugin_and_those_requiring_it(plugin_app, admin_client):
    response = admin_client.post(
        "/admin/plugins/invoicing/disable", data={"cascade": "1"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Disabled invoicing, dunning. Their data is kept." in response.get_data(as_text=True)
    assert enabled(plugin_app) == {"ledger"}


def test_a_leaf_plugin_disables_without_confirmation(plugin_app, admin_client):
    response = admin_client.post("/admin/plugins/dunning/disable", follow_redirects=True)
    assert "Disabled dunning." in response.get_data(as_text=True)
    assert enabled(plugin_app) == {"ledger", "invoicing"}


def test_a_plugin_in_error_cannot_be_enabled(plugin_app, admin_client):
    response = admin_client.post("/admin/plugins/payroll/enable", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "payroll cannot be enabled because of an error" in html
    assert "payroll needs the tax tables" in html
    with plugin_app.app_context():
        assert "payroll" not in read_enabled()


def test_an_unknown_plugin_is_404(admin_client):
    assert admin_client.post("/admin/plugins/nothing/enable").status_code == 404
    assert admin_client.post("/admin/plugins/nothing/disable").status_code == 404


def test_the_forms_carry_a_csrf_token(tmp_path, fresh_database_url):
    application = make_app(tmp_path / "instance", fresh_database_url, WTF_CSRF_ENABLED=True)
    try:
        init_instance(application)
        with application.app_context():
            admin = User(email="admin@example.com", name="Admin")
            admin.set_roles(["admin"])
            db.session.add(admin)
            db.session.commit()
            admin_id = admin.id
        client = application.test_client()
        login_as(client, admin_id)
        html = client.get("/admin/plugins").get_data(as_text=True)
        assert 'name="csrf_token"' in html
        name = next(iter(application.extensions["nhip"].discovered))
        assert client.post(f"/admin/plugins/{name}/disable").status_code == 400
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
