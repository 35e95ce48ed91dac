"""Schema migrations: one Alembic branch for the host and one per plugin.

The branch label is the owner's name (``core``, ``hr``, ...). A plugin keeps its revisions in
``<package>/migrations/``; its first revision starts a new branch (``down_revision = None``,
``branch_labels = ("NAME",)``) and may ``depends_on`` revisions of plugins it requires.
Upgrading applies ``core@head`` and then each enabled plugin's ``NAME@head`` in dependency
order; it never drops data. The revisions of every installed plugin are visible to Alembic,
enabled or not, and even in error, so that what the database already holds stays known.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import Flask

from core.db import db
from core.errors import NhipError
from core.version import __version__

HERE = Path(__file__).parent / "migrations"


class MigrationError(NhipError):
    """Alembic could not migrate; the one-line message says what the database holds that no
    installed plugin provides, or what else went wrong."""

    status = 500


def alembic_config(app: Flask, connection=None) -> Config:
    """An Alembic config that sees the host's and every installed plugin's revisions."""
    host = app.extensions["nhip"]
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("path_separator", "os")
    locations = [str(HERE / "versions")]
    for _name, item in sorted(host.discovered.items()):
        folder = item.migrations_dir
        if folder:
            locations.append(str(folder))
    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    cfg.attributes["connection"] = connection
    return cfg


def branches(app: Flask) -> set[str]:
    """The branch labels that have at least one revision."""
    script = ScriptDirectory.from_config(alembic_config(app))
    labels: set[str] = set()
    for rev in script.walk_revisions():
        labels |= set(rev.branch_labels or ())
    return labels


def upgrade(app: Flask, plugins: list[str] | None = None) -> list[str]:
    """Apply the host's and the given (default: enabled) plugins' migrations; returns branches."""
    from core.plugin_states import record_installed

    host = app.extensions["nhip"]
    names = host.live.order if plugins is None else plugins
    known = branches(app)
    applied = []
    with app.app_context():
        with db.engine.begin() as connection:
            cfg = alembic_config(app, connection)
            for branch in ["core", *names]:
                if branch in known:
                    try:
                        command.upgrade(cfg, f"{branch}@head")
                    except CommandError as exc:
                        raise MigrationError(_explain(exc)) from exc
                    applied.append(branch)
        record_installed({n: host.discovered[n].manifest.version for n in names})
        record_installed({"core": __version__})
    return applied


def _explain(exc: CommandError) -> str:
    text = str(exc).strip().splitlines()[0]
    missing = re.search(r"Can't locate revision identified by '([^']+)'", text)
    if not missing:
        return f"migration failed: {text}"
    revision_id = missing.group(1)
    owner = revision_id.rsplit("_", 1)[0] if "_" in revision_id else revision_id
    return (
        f"the database holds revision {revision_id!r}, which no installed plugin provides "
        f"(was plugin {owner!r} removed?); reinstall it, then upgrade again"
    )


def revision(app: Flask, owner: str, message: str, autogenerate: bool = True) -> str:
    """Write a new revision for ``owner`` (``core`` or a plugin) and return its file path."""
    host = app.extensions["nhip"]
    if owner == "core":
        folder = HERE / "versions"
    else:
        item = host.discovered.get(owner)
        if item is None or item.module is None:
            raise ValueError(f"unknown plugin {owner!r}")
        folder = Path(item.module.__file__).parent / "migrations"
        folder.mkdir(exist_ok=True)
    with app.app_context(), db.engine.begin() as connection:
        cfg = alembic_config(app, connection)
        cfg.attributes["table_prefix"] = owner + "_"
        first = owner not in branches(app)
        script = command.revision(
            cfg,
            message=message,
            autogenerate=autogenerate,
            head="base" if first else f"{owner}@head",
            branch_label=owner if first else None,
            version_path=str(folder),
        )
    return script.path if script else ""
