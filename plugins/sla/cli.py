"""``nhip sla``: switches per entity type, configuration as code (export / import), and the
escalation sweep."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from core.db import db


@click.group("sla")
def sla_group() -> None:
    """SLA tracking switches and configuration."""


@sla_group.command("modules")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def modules(as_json: bool) -> None:
    """Every entity type SLA can track, grouped by module, with its SLA switch."""
    from plugins.sla.switches import trackable_types, tracked_keys

    tracked = tracked_keys()
    rows = [
        {"entity": e.key, "module": e.module, "label": str(e.label), "tracking": e.key in tracked}
        for e in trackable_types()
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['entity']:32} {'on' if row['tracking'] else 'off':4} {row['label']}")


def _trackable(key: str):
    from plugins.sla.switches import trackable_type

    entity = trackable_type(key)
    if entity is None:
        raise click.ClickException(f"unknown entity type {key!r}; see `nhip sla modules`")
    return entity


def _switch(key: str, enabled: bool) -> None:
    from plugins.sla.catch_up import waiting_count
    from plugins.sla.switches import set_tracking

    entity = _trackable(key)
    ended = set_tracking(key, enabled)
    db.session.commit()
    click.echo(f"SLA tracking {'on' if enabled else 'off'} for {key}")
    if not enabled:
        click.echo(f"{ended} running clock(s) cancelled")
    elif waiting := waiting_count(entity):
        click.echo(f"{waiting} open record(s) have no clock: `nhip sla backfill {key}` gives them")


@sla_group.command("enable")
@click.argument("key")
@with_appcontext
def enable(key: str) -> None:
    """Switch SLA tracking on for entity type KEY (e.g. orders.sales_order)."""
    _switch(key, True)


@sla_group.command("disable")
@click.argument("key")
@with_appcontext
def disable(key: str) -> None:
    """Switch SLA tracking off for entity type KEY: its running and paused clocks are
    cancelled now (their escalations no longer fire), no new ones start."""
    _switch(key, False)


@sla_group.command("backfill")
@click.argument("key")
@with_appcontext
def backfill_command(key: str) -> None:
    """Give the open records of entity type KEY that have no clock theirs, replayed from their
    history (escalation levels already passed are not fired)."""
    from core.errors import BusinessRuleError
    from plugins.sla.catch_up import give_clocks

    entity = _trackable(key)
    try:
        given, looked_at = give_clocks(entity)
        db.session.commit()
    except BusinessRuleError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc.message} (`nhip sla enable {key}`)") from None
    click.echo(f"{given} of {looked_at} open record(s) without clocks got their clocks")


@sla_group.command("export")
@with_appcontext
def export_command() -> None:
    """Print every calendar and policy as JSON (the import format)."""
    from plugins.sla.config_store import export

    click.echo(json.dumps(export(), indent=2, ensure_ascii=False))


@sla_group.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def import_command(path: str) -> None:
    """Load calendars and policies from a JSON file (create or update by name, all or nothing).

    A file that cannot be used prints its problems, each with its place, and exits with 1."""
    from plugins.sla.config_store import ConfigError, apply, parse

    name = click.format_filename(path)
    content = _content(path)
    try:
        report = apply(parse(content))
    except ConfigError as exc:
        _refuse(name, exc.problems)
    except SQLAlchemyError as exc:  # checked, yet the database refused: say so, no traceback
        _refuse(name, [f"the database refused it: {type(exc.orig or exc).__name__}"])
    for outcome in ("created", "updated", "unchanged"):
        for item in report[outcome]:
            click.echo(f"{outcome}: {item}")
    for policy, count in report["ended"]:
        click.echo(f"deactivated: policy {policy}, {count} running clock(s) cancelled")


def _content(path: str) -> bytes:
    """The file's content (a byte more than a document may hold, so that a larger one is
    refused as such); an unreadable file is refused."""
    from plugins.sla.config_document import MAX_BYTES

    try:
        with open(path, "rb") as file:
            return file.read(MAX_BYTES + 1)
    except OSError as exc:
        _refuse(click.format_filename(path), [f"cannot be read: {exc.strerror or exc}"])


def _refuse(name: str, problems: list[str]) -> None:
    click.echo(f"{name}: {len(problems)} problem(s), nothing was changed:", err=True)
    for problem in problems:
        click.echo(f"  {problem.encode('utf-8', 'backslashreplace').decode()}", err=True)
    sys.exit(1)


@sla_group.command("backtest")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--since", required=True, help="First day of the period (YYYY-MM-DD).")
@click.option("--until", default=None, help="Last day of the period (default: today).")
@click.option("--policy", "name", default=None, help="The policy of FILE to backtest.")
@with_appcontext
def backtest_command(path: str, since: str, until: str | None, name: str | None) -> None:
    """Run a policy of FILE (as `nhip sla export` writes it) over the records created in the
    period and print what actually happened beside what it would have given. Writes nothing.

    A file that cannot be used prints its problems, each with its place, and exits with 1."""
    from plugins.sla.backtest.command import backtest_file

    lines, problems = backtest_file(_content(path), since, until, name)
    if problems:
        _refuse(click.format_filename(path), problems)
    for line in lines:
        click.echo(line)


@sla_group.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Fire every escalation level that is due now and re-schedule the coming jobs (the
    worker does this every minute; run it by hand after restoring Redis or a backup)."""
    from plugins.sla.escalation.sweep import sweep

    report = sweep()
    click.echo(
        f"{report.due} clock(s) due, {report.fired} level(s) fired, "
        f"{report.failed} failed, {report.scheduled} job(s) re-scheduled"
    )
    if report.failed:
        sys.exit(1)
