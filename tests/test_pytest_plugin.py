"""Nhịp's pytest plugin (entry points ``nhip`` and ``nhip_sla``): registered by installing
Nhịp, and each fixture does what docs/testing-plugins.md says, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.db import db, utcnow
from core.models import AuditEntry, User

LAB = Path(__file__).parent / "pytest_plugin_lab"


def test_the_entry_points_register_the_fixture_modules(pytestconfig):
    manager = pytestconfig.pluginmanager
    assert manager.get_plugin("nhip").__name__ == "core.pytest_plugin"
    assert manager.get_plugin("nhip_sla").__name__ == "plugins.sla.testing"
    for module in ("core.testing", "core.testing_kit", "core.testing_routes"):
        assert manager.get_plugin(module) is not None, module


@pytest.mark.nhip_plugins("orders")
def test_the_marker_enables_the_chosen_plugins_and_their_requirements(app):
    host = app.extensions["nhip"]
    assert host.is_enabled("orders") and host.is_enabled("crm")
    assert not host.is_enabled("hr") and not host.is_enabled("sla")


def test_without_the_marker_every_plugin_is_enabled(app):
    host = app.extensions["nhip"]
    assert all(host.is_enabled(name) for name in ("hr", "crm", "orders", "sla"))


@pytest.mark.nhip_plugins("shaky", plugins_dir=LAB)
def test_the_marker_adds_a_plugins_folder(app):
    assert app.extensions["nhip"].is_enabled("shaky")
    assert not app.extensions["nhip"].is_enabled("hr")


@pytest.mark.nhip_plugins("shaky", plugins_dir=LAB)
def test_fresh_app_is_a_new_initialised_instance(fresh_app, backend):
    from sqlalchemy import inspect

    from core.plugin_states import read_states

    with fresh_app.app_context():
        assert inspect(db.engine).has_table("crm_customer")  # every migration applied
        enabled = {name for name, row in read_states().items() if row.enabled}
    assert enabled == {"shaky"}
    assert fresh_app.extensions["nhip"].is_enabled("shaky")


def test_login_as_signs_the_client_in_with_the_role(app, client, login_as):
    assert client.get("/r/crm.customer/").status_code == 302  # anonymous: to the login page
    user_id = login_as("sales")
    assert client.get("/r/crm.customer/").status_code == 200
    with app.app_context():
        assert db.session.get(User, user_id).roles == ["sales"]
    login_as()  # a user without roles
    assert client.get("/r/crm.customer/").status_code == 403
    assert login_as(None) is None
    assert client.get("/r/crm.customer/").status_code == 302


def test_login_as_refuses_a_role_nobody_declares(login_as):
    with pytest.raises(pytest.fail.Exception, match="declares the role.* sales_rep"):
        login_as("sales_rep")


def test_make_record_fills_required_fields_and_runs_the_hooks(app, make_record):
    ticket = make_record("crm.ticket", subject="Máy in hỏng")
    assert ticket.subject == "Máy in hỏng" and ticket.customer_id  # a customer was made
    with app.app_context():
        lines = db.session.execute(
            db.select(AuditEntry.entity).where(AuditEntry.kind == "created")
        ).scalars()
        assert set(lines) == {"crm.customer", "crm.ticket"}


def test_make_record_inside_the_context_gives_the_live_record(app, make_record):
    with app.app_context():
        customer = make_record("crm.customer", name="Công ty Gió")
        assert customer in db.session


def test_clock_stops_moves_and_advances_time(clock):
    start = clock.now()
    assert utcnow() == start
    moved = clock.set("2026-12-01 09:00")  # Vietnam time
    assert moved == datetime(2026, 12, 1, 2, 0, tzinfo=UTC) == utcnow()
    assert clock.advance(hours=2) == moved + timedelta(hours=2) == utcnow()
    assert clock.set("2026-12-01T09:00+00:00").hour == 9


def test_check_routes_asks_every_route_as_every_role(app, check_routes):
    report = check_routes("crm")
    who = {person for _route, person in report.answers}
    assert {"anonymous", "no role", "sales", "support", "admin"} <= who
    urls = {str(route) for route in report.routes}
    assert "GET /r/crm.ticket/" in urls and "GET /api/v1/crm.ticket" in urls
    posts = [r for r in report.routes if r.method == "POST"]
    assert posts and all(report.answers[(str(r), "admin without CSRF token")] == 400 for r in posts)
    assert report.answers[("GET /r/crm.ticket/", "no role")] == 403
    assert report.answers[("GET /r/crm.ticket/", "anonymous")] == 302


@pytest.mark.nhip_plugins("shaky", plugins_dir=LAB)
def test_check_routes_finds_server_errors_and_posts_without_csrf(check_routes):
    with pytest.raises(pytest.fail.Exception) as failed:
        check_routes("shaky")
    message = str(failed.value)
    assert "GET /shaky/boom as admin -> 500 (server error)" in message
    assert "POST /shaky/save without a CSRF token -> 200" in message
    assert "POST /shaky/save as anonymous -> 200" in message
    assert "/shaky/fine" not in message  # the sound route passes


@pytest.mark.nhip_plugins("shaky", plugins_dir=LAB)
def test_route_arguments_are_filled_from_their_converters(app):
    from core.testing_routes import plugin_routes

    urls = {str(route) for route in plugin_routes(app, "shaky")}
    assert "GET /shaky/report/daily/1" in urls  # the first choice of <any(...)>, an id
    assert {"GET /shaky/fine", "GET /shaky/boom", "POST /shaky/save"} <= urls
