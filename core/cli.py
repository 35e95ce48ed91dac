"""The ``nhip`` command line: a Flask CLI group; plugins add commands through a hook."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext
from sqlalchemy.exc import OperationalError

from core.config import ConfigError
from core.host import PluginsInError
from core.migrate import MigrationError

#: exit status of a start-up refused for a bad setting (as click's usage errors)
EXIT_CONFIG = 2


#: commands that start even under NHIP_STRICT_PLUGINS: they tell or fix what is wrong
LENIENT_COMMANDS = (("plugins",), ("db", "revision"))


def _create_app():
    """The application; strictness about plugins is lifted for ``LENIENT_COMMANDS``."""
    from core.app import create_app
    from core.config import load_settings

    settings = load_settings()
    path = _command_path()
    if settings.strict_plugins and any(path[: len(p)] == p for p in LENIENT_COMMANDS):
        settings = dataclasses.replace(settings, strict_plugins=False)
    return create_app(settings)


def _command_path() -> tuple[str, ...]:
    """The command being run, below ``nhip`` (``("db", "revision")``)."""
    names = []
    ctx = click.get_current_context(silent=True)
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return tuple(reversed(names))


def report_plugin_errors(app) -> None:
    """One line on standard error per plugin in error, with its reason (start-up)."""
    errors = app.extensions["nhip"].errors()
    for name, reason in errors.items():
        click.echo(f"plugin {name} is in error: {reason}", err=True)
    if errors:
        click.echo("(`nhip plugins show NAME` tells more)", err=True)


class NhipGroup(FlaskGroup):
    """Flask's command group, with start-up failures told in one line instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"nhip: {exc}", err=True)
            ctx.exit(EXIT_CONFIG)
        except MigrationError as exc:
            click.echo(f"nhip: {exc.message}", err=True)
            ctx.exit(1)
        except PluginsInError as exc:
            for line in exc.lines():
                click.echo(f"nhip: {line}", err=True)
            ctx.exit(1)
        except OperationalError as exc:
            reason = str(exc.orig or exc).strip().splitlines()[0]
            click.echo(f"nhip: database unavailable (NHIP_DATABASE_URL): {reason}", err=True)
            ctx.exit(1)

    def list_commands(self, ctx: click.Context) -> list[str]:
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except (ConfigError, PluginsInError) as exc:
            click.echo(f"nhip: {exc} (plugin commands not listed)", err=True)
            return sorted(click.Group.list_commands(self, ctx))
        return super().list_commands(ctx)


@click.group(
    cls=NhipGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
)
def cli() -> None:
    """Nhịp: a pluggable business platform with working-time SLAs."""


def main() -> None:
    """Console entry point; a bad setting prints one line naming the variable."""
    try:
        cli.main(prog_name="nhip")
    except ConfigError as exc:  # raised outside a command (e.g. while resolving its name)
        click.echo(f"nhip: {exc}", err=True)
        sys.exit(EXIT_CONFIG)


@cli.command("init")
@click.option("--demo", is_flag=True, help="Also load the demo company (idempotent).")
@with_appcontext
def init_command(demo: bool) -> None:
    """Create or upgrade the instance's database; enable newly installed plugins."""
    from core.setup import init_instance

    report = init_instance(current_app._get_current_object(), demo=demo)
    if report.newly_enabled:
        click.echo(f"enabled plugins: {', '.join(report.newly_enabled)}")
    click.echo(f"database ready ({', '.join(report.applied) or 'nothing to apply'})")
    report_plugin_errors(current_app)
    if report.credentials:
        click.echo("demo logins (shown once; also in the credentials file):")
        for email, password, roles in report.credentials:
            click.echo(f"  {email:32} {password:16} {roles}")
    if report.credentials_file:
        click.echo(f"credentials file: {report.credentials_file}")


@cli.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug/--no-debug", default=False)
def run_command(host: str, port: int, debug: bool) -> None:
    """Serve the application (development server; use gunicorn in production)."""
    from werkzeug.serving import run_simple

    app = _create_app()
    report_plugin_errors(app)
    settings = app.config["NHIP"]
    if settings.redis_url:
        click.echo(f"queue: redis at {settings.redis_url}; run `nhip worker` for escalations")
    else:
        from core.queue import start_embedded_loop

        click.echo("queue: embedded mode (no NHIP_REDIS_URL): escalation jobs run in this process")
        start_embedded_loop(app)
    click.echo(f"serving on http://{host}:{port}/")
    # not app.run(): Flask ignores it inside a `flask`-style CLI command (FLASK_RUN_FROM_CLI)
    from core.headers import QuietRequestHandler

    run_simple(
        host,
        port,
        app,
        use_debugger=debug,
        use_reloader=False,
        threaded=True,
        request_handler=QuietRequestHandler,
    )


@cli.group("plugin")
def plugin_group() -> None:
    """Write plugins of your own."""


@plugin_group.command("new")
@click.argument("name")
@click.option(
    "--path",
    "where",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder in which to create nhip-NAME/.",
)
@click.option("--label", help="The plugin's name for people (default: NAME in title case).")
def plugin_new(name: str, where: Path, label: str | None) -> None:
    """Create the skeleton of plugin NAME as its own pip-installable package."""
    from core.scaffold import ScaffoldError, new_plugin

    try:
        root = new_plugin(name, where, label)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {root}")
    click.echo(f"next: pip install -e {root} && nhip plugins enable {name}")


@cli.group("db")
def db_group() -> None:
    """Schema migrations."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Apply the host's and every enabled plugin's migrations."""
    from core.migrate import upgrade

    applied = upgrade(current_app._get_current_object())
    click.echo(f"upgraded: {', '.join(applied)}")


@db_group.command("revision")
@click.argument("owner")
@click.option(
    "-m", "--message", help="What the revision does (default: 'tables', then 'schema changes')."
)
@click.option("--empty", is_flag=True, help="Do not compare the models with the database.")
@with_appcontext
def db_revision(owner: str, message: str | None, empty: bool) -> None:
    """Write OWNER's next migration (``core`` or a plugin) from its models: id
    ``OWNER_NNNN``, after OWNER's head, depending on its requirements' heads, formatted."""
    from core.migrate import revision

    try:
        path = revision(current_app._get_current_object(), owner, message, autogenerate=not empty)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(path)


from core import (  # noqa: E402,F401  (plugins, users, tokens, worker commands)
    cli_plugins,
    cli_users,
    cli_worker,
)
