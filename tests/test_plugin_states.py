"""Per-instance plugin states: what enabling and disabling does to routes, menus, hooks, data."""

import pytest
from plugin_kit import build_app, states, write_parcels, write_plugin
from sqlalchemy import inspect, text

from core.auth.access import roles_catalog
from core.db import db
from core.errors import BusinessRuleError, NotFound
from core.plugin_states import disable, enable, read_states
from core.setup import init_instance
from core.testing import login_as


@pytest.fixture
def parcels_app(tmp_path, fresh_database_url, request):
    """An instance with ``parcels`` (a package with a table) and ``tracking`` requiring it."""
    plugins = tmp_path / "plugins"
    write_parcels(plugins)
    write_plugin(plugins, "tracking", requires={"parcels": ">=1"})
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(app)
    with app.app_context():
        db.session.execute(text("insert into parcels_box (label) values ('A-1'), ('A-2')"))
        db.session.commit()
    return app


def courier_client(app):
    from core.models import User

    with app.app_context():
        user = User(email="courier@example.com", name="Courier")
        user.set_roles(["courier"])
        db.session.add(user)
        db.session.commit()
        uid = user.id
    client = app.test_client()
    login_as(client, uid)
    return client


def test_init_enables_new_plugins_and_records_their_versions(parcels_app):
    with parcels_app.app_context():
        recorded = read_states()
    assert recorded["parcels"].enabled and recorded["parcels"].installed_version == "1.0"
    assert recorded["tracking"].enabled
    assert states(parcels_app)["parcels"] == ("enabled", "")


def test_disabling_a_required_plugin_is_refused_naming_who_requires_it(parcels_app):
    with parcels_app.app_context(), pytest.raises(BusinessRuleError, match="tracking requires"):
        disable(parcels_app, "parcels")
    assert states(parcels_app)["parcels"] == ("enabled", "")


def test_cascade_disables_the_plugins_that_require_it(parcels_app):
    with parcels_app.app_context():
        outcome = disable(parcels_app, "parcels", cascade=True)
    assert outcome.changed == ["parcels", "tracking"]
    assert "their data is kept" in outcome.message
    found = states(parcels_app)
    assert found["parcels"][0] == found["tracking"][0] == "disabled"


def test_a_disabled_plugin_has_no_routes_menus_or_hooks(parcels_app):
    client = courier_client(parcels_app)
    assert client.get("/parcels/").get_data(as_text=True) == "2"
    assert "Parcel boxes" in client.get("/").get_data(as_text=True)

    with parcels_app.app_context():
        disable(parcels_app, "parcels", cascade=True)

    assert client.get("/parcels/").status_code == 404
    assert "Parcel boxes" not in client.get("/").get_data(as_text=True)
    with parcels_app.test_request_context():
        assert "courier" not in roles_catalog()
        host = parcels_app.extensions["nhip"]
        assert not any(
            impl.plugin_name == "parcels" for impl in host.hook.register_menu.get_hookimpls()
        )


def test_data_stays_while_disabled_and_is_back_when_enabled_again(parcels_app):
    with parcels_app.app_context():
        disable(parcels_app, "parcels", cascade=True)
        assert db.session.execute(text("select count(*) from parcels_box")).scalar() == 2
        outcome = enable(parcels_app, "tracking")
    assert outcome.message == "enabled tracking and its requirements parcels"
    client = courier_client(parcels_app)
    assert client.get("/parcels/").get_data(as_text=True) == "2"


def test_enabling_what_is_enabled_says_so(parcels_app):
    with parcels_app.app_context():
        assert enable(parcels_app, "parcels").message == "parcels was already enabled"


def test_an_unknown_plugin_cannot_be_enabled(parcels_app):
    with parcels_app.app_context(), pytest.raises(NotFound, match="no plugin named 'nope'"):
        enable(parcels_app, "nope")


def test_a_plugin_in_error_cannot_be_enabled(tmp_path, fresh_database_url, request):
    plugins = tmp_path / "plugins"
    write_plugin(plugins, "broken", "raise RuntimeError('half written')\n")
    app = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    init_instance(app)
    with app.app_context(), pytest.raises(BusinessRuleError, match="broken cannot be enabled"):
        enable(app, "broken")


def test_a_plugin_installed_later_is_disabled_until_enabled_and_then_gets_its_tables(
    tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    first = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(first)

    write_parcels(plugins)
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    assert states(app)["parcels"] == ("disabled", "")
    with app.app_context():
        assert not inspect(db.engine).has_table("parcels_box")
        enable(app, "parcels")
        assert inspect(db.engine).has_table("parcels_box")
        assert read_states()["parcels"].installed_version == "1.0"


def test_a_plugin_enabled_while_the_application_runs_gets_app_ready(
    tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    write_plugin(
        plugins,
        "greeter",
        """
        @hookimpl
        def app_ready(app):
            '''Count the times it was told the application is ready.'''
            app.config["GREETED"] = app.config.get("GREETED", 0) + 1
        """,
    )
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    assert "GREETED" not in app.config, "nothing is enabled before the first init"
    init_instance(app)
    assert app.config["GREETED"] == 1
    with app.app_context():
        disable(app, "greeter")
        enable(app, "greeter")
    assert app.config["GREETED"] == 2


def test_when_states_cannot_be_read_the_enabled_plugins_stay(parcels_app):
    from core.plugin_states import sync

    with parcels_app.app_context():
        db.session.execute(text("alter table core_plugin_state rename to core_plugin_state_away"))
        db.session.commit()
        try:
            sync(parcels_app)
            assert parcels_app.extensions["nhip"].is_enabled("parcels")
        finally:
            db.session.execute(
                text("alter table core_plugin_state_away rename to core_plugin_state")
            )
            db.session.commit()
