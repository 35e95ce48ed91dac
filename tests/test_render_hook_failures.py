"""Render-time hooks that raise (badges, panels, dashboard widgets, menu items, list filters and
orderings): the page still renders, the failure is logged with the plugin's name, and only
administrators see a marked placeholder naming the plugin."""

import logging

import pytest
from plugin_kit import build_app, write_plugin

from core import records
from core.db import db
from core.models import User
from core.setup import init_instance
from core.testing import login_as

#: a plugin that loads fine but fails in every hook called while a page is drawn
FAULTY = """
from core.ui.panels import Panel


def _fail(what):
    raise RuntimeError(f"faulty {what} exploded")


@hookimpl
def record_badges(entity, records, user):
    '''Fails.'''
    _fail("badges")


@hookimpl
def record_panels(entity, record, user):
    '''Fails.'''
    _fail("panel")


@hookimpl
def dashboard_widgets(user):
    '''Fails.'''
    _fail("widget")


@hookimpl
def register_menu():
    '''Fails.'''
    _fail("menu")


@hookimpl
def list_filters(entity, user):
    '''Fails.'''
    _fail("filters")


@hookimpl
def list_sorts(entity, user):
    '''Fails.'''
    _fail("sorts")
"""

#: a plugin whose panel and widget work, to show that the others still answer
STEADY = """
from markupsafe import Markup

from core.ui.panels import Panel


@hookimpl
def record_panels(entity, record, user):
    '''A steady panel.'''
    return [Panel("Steady panel", Markup("<p>steady panel body</p>"))]


@hookimpl
def dashboard_widgets(user):
    '''A steady widget.'''
    return [Panel("Steady widget", Markup("<p>steady widget body</p>"))]
"""

PLACEHOLDERS = {
    "panel": "Plugin faulty failed to render its panel — see the log.",
    "widget": "Plugin faulty failed to render its dashboard widget — see the log.",
    "badges": "Plugin faulty failed to render its badges — see the log.",
    "menu": "Plugin faulty failed to render its menu items — see the log.",
    "filters": "Plugin faulty failed to render its list filters — see the log.",
    "sorts": "Plugin faulty failed to render its list orderings — see the log.",
}
VI_PANEL = "Plugin faulty không hiển thị được khung thông tin của mình — xem nhật ký."


@pytest.fixture
def site(tmp_path, fresh_database_url, request):
    """An instance with ``faulty`` and ``steady``, a customer, an admin and a salesperson."""
    folder = tmp_path / "plugins"
    write_plugin(folder, "faulty", FAULTY)
    write_plugin(folder, "steady", STEADY)
    app = build_app(tmp_path, fresh_database_url, folder, request)
    init_instance(app)
    with app.app_context():
        ids = {}
        for email, roles, language in (
            ("admin@example.com", ["admin", "employee"], "en"),
            ("quan@example.com", ["admin", "employee"], "vi"),
            ("sales@example.com", ["sales", "employee"], "en"),
        ):
            user = User(email=email, name=email.split("@")[0].title(), language=language)
            user.set_roles(roles)
            db.session.add(user)
            db.session.commit()
            ids[email.split("@")[0]] = user.id
        customer = records.create("crm.customer", {"name": "Công ty An Phát"}, ids["admin"])
        ids["customer"] = customer.id
        db.session.remove()
    app.config["ids"] = ids
    return app


def _page(app, who, url):
    client = app.test_client()
    login_as(client, app.config["ids"][who])
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def _customer_url(app):
    return f"/r/crm.customer/{app.config['ids']['customer']}"


def test_a_record_page_renders_with_a_marked_placeholder_for_admins(site, caplog):
    with caplog.at_level(logging.ERROR):
        status, html = _page(site, "admin", _customer_url(site))
    assert status == 200
    assert "Công ty An Phát" in html
    assert "steady panel body" in html  # the other plugin's panel is there
    assert 'data-plugin-failed="faulty"' in html
    for what in ("panel", "badges", "menu"):
        assert PLACEHOLDERS[what] in html
    assert "faulty panel exploded" not in html  # the error itself stays in the log
    logged = [r for r in caplog.records if r.name == site.logger.name]
    failed_hooks = {r.getMessage().split(" failed in ")[1].split()[0] for r in logged}
    assert {"record_panels", "record_badges", "register_menu"} <= failed_hooks
    assert all(r.getMessage().startswith("plugin faulty failed in ") for r in logged)
    assert any("faulty panel exploded" in str(r.exc_info[1]) for r in logged if r.exc_info)


def test_other_users_see_nothing_of_the_failure(site):
    for url in ("/", _customer_url(site), "/r/crm.customer/"):
        status, html = _page(site, "sales", url)
        assert status == 200, url
        assert "data-plugin-failed" not in html
        assert "faulty" not in html
    status, html = _page(site, "sales", _customer_url(site))
    assert "steady panel body" in html


def test_the_dashboard_and_lists_render_with_placeholders_for_admins(site):
    status, html = _page(site, "admin", "/")
    assert status == 200
    assert "steady widget body" in html
    assert PLACEHOLDERS["widget"] in html

    status, html = _page(site, "admin", "/r/crm.customer/")
    assert status == 200
    assert "Công ty An Phát" in html
    for what in ("badges", "filters", "sorts", "menu"):
        assert PLACEHOLDERS[what] in html


def test_the_placeholder_is_translated(site):
    status, html = _page(site, "quan", _customer_url(site))
    assert status == 200
    assert VI_PANEL in html


def test_the_api_answers_without_the_failing_plugin_s_badges(site):
    from core.models import ApiToken

    with site.app_context():
        row, clear = ApiToken.issue(db.session.get(User, site.config["ids"]["sales"]), "test")
        db.session.add(row)
        db.session.commit()
    response = site.test_client().get(
        f"/api/v1/crm.customer/{site.config['ids']['customer']}",
        headers={"Authorization": f"Bearer {clear}"},
    )
    assert response.status_code == 200
    assert response.get_json()["name"] == "Công ty An Phát"
