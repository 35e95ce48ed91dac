"""The application factory: settings, database, plugins, security, pages and API."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, abort, current_app, request
from flask_babel import Babel, get_locale, get_timezone
from werkzeug.middleware.proxy_fix import ProxyFix

from core.auth.access import enforce
from core.auth.login import authenticated_by_token, login_manager
from core.auth.throttle import init_app as init_throttle
from core.config import Settings, load_settings
from core.db import db
from core.extensions import bootstrap, csrf
from core.headers import init_app as init_headers
from core.host import PluginHost
from core.i18n import locale_selector, timezone_selector, translation_directories
from core.plugin_states import sync
from core.routing import init_app as init_routing


def create_app(settings: Settings | None = None, **config: Any) -> Flask:
    """Build the application for one instance; ``config`` overrides Flask settings (tests)."""
    settings = settings or load_settings()
    app = Flask("core", root_path=str(Path(__file__).parent), instance_path=str(settings.instance))
    sign_in_lasts = timedelta(days=settings.session_days)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_ENGINE_OPTIONS=engine_options(settings.database_url),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=sign_in_lasts,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        REMEMBER_COOKIE_DURATION=sign_in_lasts,
        PREFERRED_URL_SCHEME="https" if settings.secure_cookies else "http",
        MAX_CONTENT_LENGTH=settings.max_body,
        BOOTSTRAP_SERVE_LOCAL=True,
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,
        NHIP=settings,
    )
    app.config.update(config)
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)

    db.init_app(app)
    host = PluginHost(settings.plugins_dir)
    app.extensions["nhip"] = host
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translation_directories(host)
    Babel(app, locale_selector=locale_selector, timezone_selector=timezone_selector)
    bootstrap.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    init_throttle(app)
    init_headers(app)

    init_routing(app)
    _register_blueprints(app, host)
    app.before_request(_before_request)

    from core.errorpages import init_app as init_errors
    from core.ui import init_app as init_ui

    init_errors(app)
    init_ui(app)

    with app.app_context():
        sync(app)
        if settings.strict_plugins and host.errors():
            db.engine.dispose()  # refused: no connection is left open behind
            host.refuse_errors()
        host.hook.app_ready(app=app)
    return app


#: how long a SQLite writer waits for another's lock before giving up (seconds)
SQLITE_LOCK_WAIT = 30


def engine_options(database_url: str) -> dict[str, Any]:
    """SQLAlchemy engine options: connections checked before use; on SQLite, writers wait for
    each other's lock (up to ``SQLITE_LOCK_WAIT``) instead of failing at once under load."""
    options: dict[str, Any] = {"pool_pre_ping": True}
    if database_url.startswith("sqlite"):
        options["connect_args"] = {"timeout": SQLITE_LOCK_WAIT}
    return options


def _register_blueprints(app: Flask, host: PluginHost) -> None:
    from core.admin import bp as admin_bp
    from core.api import bp as api_bp
    from core.health import bp as health_bp
    from core.ui import bp as ui_bp

    app.register_blueprint(ui_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(admin_bp)
    owners: dict[str, str] = {}
    for plugin, blueprints in host.probe_results("register_blueprints"):
        for blueprint in blueprints:
            app.register_blueprint(blueprint)
            owners[blueprint.name] = plugin
    app.extensions["nhip_blueprint_owners"] = owners
    for _plugin, commands in host.probe_results("register_commands"):
        for command in commands:
            app.cli.add_command(command)


def _before_request():
    """Follow plugin switches, hide disabled plugins' routes, check access and CSRF."""
    sync()
    owner = current_app.extensions["nhip_blueprint_owners"].get(request.blueprint or "")
    if owner and not current_app.extensions["nhip"].is_enabled(owner):
        abort(404)
    refused = enforce()
    if refused is not None:
        return refused
    # the viewer's language and zone, kept for the request while their row is loaded: read
    # after a commit (a change's answer with its badges), they would load the user again
    get_locale()
    get_timezone()
    if (
        current_app.config.get("WTF_CSRF_ENABLED", True)
        and request.method not in ("GET", "HEAD", "OPTIONS")
        and not authenticated_by_token()
    ):
        csrf.protect()
    return None
