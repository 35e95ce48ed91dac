"""Per-instance plugin states (enabled, installed version) and the enable/disable actions."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError, ProgrammingError

from core.db import db
from core.errors import BusinessRuleError, NotFound
from core.models import PluginState
from core.resolve import dependents, requirements_closure


def read_states() -> dict[str, PluginState]:
    """Every recorded plugin state by name; empty before the first ``nhip init``."""
    try:
        rows = db.session.execute(db.select(PluginState)).scalars().all()
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        return {}
    return {row.name: row for row in rows}


def read_enabled() -> set[str]:
    """The names the instance has enabled (none before the first ``nhip init``)."""
    enabled = _enabled_or_none()
    return set() if enabled is None else enabled


def _enabled_or_none() -> set[str] | None:
    """The enabled names, or None when they cannot be read (no table yet, database away)."""
    try:
        rows = (
            db.session.execute(db.select(PluginState.name).where(PluginState.enabled.is_(True)))
            .scalars()
            .all()
        )
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        return None
    return set(rows)


def tables_exist() -> bool:
    return inspect(db.engine).has_table(PluginState.__tablename__)


def _row(name: str) -> PluginState:
    row = db.session.get(PluginState, name)
    if row is None:
        row = PluginState(name=name, enabled=False)
        db.session.add(row)
    return row


def record_installed(versions: dict[str, str]) -> None:
    for name, version in versions.items():
        _row(name).installed_version = version
    db.session.commit()


def set_enabled(names: set[str], enabled: bool) -> None:
    for name in names:
        _row(name).enabled = enabled
    db.session.commit()


def sync(app: Flask | None = None) -> None:
    """Make the live plugin set match the database (cheap when nothing changed). When the
    states cannot be read (a dropped connection), the current set stays as it is rather than
    every plugin vanishing for that request."""
    app = app or current_app
    enabled = _enabled_or_none()
    if enabled is not None:
        app.extensions["nhip"].apply(enabled)


@dataclass
class Outcome:
    """What an enable or disable did, for the command line and the admin page to say."""

    changed: list[str]
    message: str


def enable(app: Flask, name: str) -> Outcome:
    """Enable ``name`` and what it requires, then apply their migrations."""
    from core.migrate import upgrade

    host = app.extensions["nhip"]
    if name not in host.discovered:
        raise NotFound(f"no plugin named {name!r}")
    if name in host.load_errors:
        raise BusinessRuleError(f"{name} cannot be enabled: {host.load_errors[name]}")
    manifests = {n: d.manifest for n, d in host.discovered.items() if d.manifest}
    wanted = requirements_closure(name, manifests)
    broken = [n for n in wanted if n in host.load_errors or n not in host.discovered]
    if broken:
        raise BusinessRuleError(f"{name} cannot be enabled: {', '.join(broken)} unavailable")
    current = read_enabled()
    newly = [n for n in wanted if n not in current]
    set_enabled(set(wanted), True)
    sync(app)
    upgrade(app, [n for n in host.live.order if n in wanted])
    extra = [n for n in newly if n != name]
    message = f"enabled {name}" + (f" and its requirements {', '.join(extra)}" if extra else "")
    if not newly:
        message = f"{name} was already enabled"
    return Outcome(newly, message)


def disable(app: Flask, name: str, cascade: bool = False) -> Outcome:
    """Disable ``name``; refused while enabled plugins require it, unless ``cascade``."""
    host = app.extensions["nhip"]
    if name not in host.discovered:
        raise NotFound(f"no plugin named {name!r}")
    current = read_enabled()
    manifests = {n: d.manifest for n, d in host.discovered.items() if d.manifest}
    needing = [n for n in dependents(name, manifests) if n in current]
    if needing and not cascade:
        raise BusinessRuleError(
            f"{', '.join(needing)} require{'s' if len(needing) == 1 else ''} {name}; "
            "disable them first or use --cascade"
        )
    targets = [n for n in [name, *needing] if n in current]
    set_enabled({name, *needing}, False)
    sync(app)
    if not targets:
        return Outcome([], f"{name} was already disabled")
    return Outcome(targets, f"disabled {', '.join(targets)}; their data is kept")
