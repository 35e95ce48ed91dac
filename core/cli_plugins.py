"""``nhip plugins list|check|show|enable|disable``: what an administrator types and reads.

These commands start even under ``NHIP_STRICT_PLUGINS`` (see ``core.cli``): they are how one
finds out what is wrong.
"""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from core.cli import cli
from core.hookmarkers import PROJECT

#: exit status of ``plugins show`` for a name no plugin has (as click's usage errors)
EXIT_UNKNOWN = 2


@cli.group("plugins")
def plugins_group() -> None:
    """List, check, show, enable and disable plugins."""


def _infos():
    from core.plugin_states import read_states

    states = read_states()
    return current_app.extensions["nhip"].infos({n: s.installed_version for n, s in states.items()})


@plugins_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def plugins_list(as_json: bool) -> None:
    """Every discovered plugin with its state and, when in error, why."""
    infos = _infos()
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


@plugins_group.command("check")
@with_appcontext
def plugins_check() -> None:
    """Exit 1 when any plugin is in error, naming each with its reason (for deploy scripts)."""
    errors = current_app.extensions["nhip"].errors()
    if not errors:
        click.echo(f"plugins OK ({len(_infos())} found, none in error)")
        return
    for name, reason in errors.items():
        click.echo(f"plugin {name} is in error: {reason}", err=True)
    click.echo(
        f"{len(errors)} plugin{'s' if len(errors) != 1 else ''} in error "
        "(`nhip plugins show NAME` tells more)",
        err=True,
    )
    raise SystemExit(1)


@plugins_group.command("show")
@click.argument("name")
@with_appcontext
def plugins_show(name: str) -> None:
    """NAME's state, source, version, requirements, hooks and the full traceback of its error."""
    host = current_app.extensions["nhip"]
    info = next((i for i in _infos() if i.name == name), None)
    if info is None:
        known = ", ".join(sorted(host.discovered)) or "none"
        click.echo(f"nhip: no plugin named {name!r} (known: {known})", err=True)
        raise SystemExit(EXIT_UNKNOWN)
    item = host.discovered[name]
    requires = ", ".join(f"{k}{v}" for k, v in info.requires.items()) or "nothing"
    click.echo(f"plugin:    {name}")
    click.echo(f"state:     {info.state}")
    click.echo(f"source:    {info.source} ({item.origin})")
    click.echo(f"version:   {info.version or 'unknown'}")
    if info.installed_version and info.installed_version != info.version:
        click.echo(f"installed: {info.installed_version} (run `nhip db upgrade` or `nhip init`)")
    click.echo(f"requires:  {requires}")
    click.echo(f"hooks:     {', '.join(implemented_hooks(item.module)) or 'none'}")
    if info.error:
        click.echo(f"error:     {info.error}")
        trace = host.tracebacks.get(name)
        click.echo("traceback:" if trace else "traceback: none (the reason above says it all)")
        if trace:
            click.echo(trace)


def implemented_hooks(module) -> list[str]:
    """The hooks ``module`` implements (functions marked ``@hookimpl``), by name."""
    if module is None:
        return []
    marker = f"{PROJECT}_impl"
    return sorted(
        name
        for name in dir(module)
        if not name.startswith("_") and getattr(getattr(module, name), marker, None) is not None
    )


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
