"""The ``nhip`` command line: a Flask CLI group; plugins add commands through a hook."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext
from sqlalchemy.exc import OperationalError

from core.config import ConfigError
from core.migrate import MigrationError

#: exit status of a start-up refused for a bad setting (as click's usage errors)
EXIT_CONFIG = 2


def _create_app():
    from core.app import create_app

    return create_app()


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
        except OperationalError as exc:
            reason = str(exc.orig or exc).strip().splitlines()[0]
            click.echo(f"nhip: database unavailable (NHIP_DATABASE_URL): {reason}", err=True)
            ctx.exit(1)

    def list_commands(self, ctx: click.Context) -> list[str]:
        try:
            ctx.ensure_object(ScriptInfo).load_app()
        except ConfigError as exc:
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
    for info in current_app.extensions["nhip"].infos():
        if info.state == "error":
            click.echo(f"plugin {info.name} is in error: {info.error}", err=True)
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


@cli.group("plugins")
def plugins_group() -> None:
    """List, enable and disable plugins."""


@plugins_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def plugins_list(as_json: bool) -> None:
    """Every discovered plugin with its state and, when in error, why."""
    from core.plugin_states import read_states

    states = read_states()
    infos = current_app.extensions["nhip"].infos(
        {n: s.installed_version for n, s in states.items()}
    )
    if as_json:
        click.echo(json.dumps([i.to_json() for i in infos], indent=2))
        return
    for info in infos:
        line = f"{info.name:16} {info.version:10} {info.state:9} {info.source}"
        if info.requires:
            line += "  requires " + ", ".join(f"{k}{v}" for k, v in info.requires.items())
        click.echo(line)
        if info.error:
            click.echo(f"{'':16} error: {info.error}")


@plugins_group.command("enable")
@click.argument("name")
@with_appcontext
def plugins_enable(name: str) -> None:
    """Enable NAME and what it requires, and apply their migrations."""
    from core.errors import NhipError
    from core.plugin_states import enable

    try:
        outcome = enable(current_app._get_current_object(), name)
    except NhipError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(outcome.message)


@plugins_group.command("disable")
@click.argument("name")
@click.option("--cascade", is_flag=True, help="Also disable the plugins that require NAME.")
@with_appcontext
def plugins_disable(name: str, cascade: bool) -> None:
    """Disable NAME (its data is kept); refused while enabled plugins require it."""
    from core.errors import NhipError
    from core.plugin_states import disable

    try:
        outcome = disable(current_app._get_current_object(), name, cascade=cascade)
    except NhipError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(outcome.message)


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
@click.option("-m", "--message", required=True)
@click.option("--empty", is_flag=True, help="Do not compare the models with the database.")
@with_appcontext
def db_revision(owner: str, message: str, empty: bool) -> None:
    """Write a new migration for OWNER (``core`` or a plugin) from its models."""
    from core.migrate import revision

    path = revision(current_app._get_current_object(), owner, message, autogenerate=not empty)
    click.echo(path)


from core import cli_users, cli_worker  # noqa: E402,F401  (users, tokens, worker commands)
