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
import shutil
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import Flask

from core.db import db
from core.discovery import LOCAL_PACKAGE
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


def tables_without_migration(item) -> list[str]:
    """The tables the plugin's models declare (models of its own package) that none of its
    migration files mentions: a plugin in that state would fail on its first query."""
    module = item.module
    if module is None:
        return []
    file = Path(getattr(module, "__file__", "") or "")
    package = module.__name__ if file.name == "__init__.py" else (module.__package__ or "")
    if not package or package == LOCAL_PACKAGE:
        package = module.__name__
    tables = sorted(
        {
            mapper.local_table.name
            for mapper in db.Model.registry.mappers
            if mapper.class_.__module__ == package
            or mapper.class_.__module__.startswith(package + ".")
        }
    )
    if not tables:
        return []
    folder = item.migrations_dir
    files = sorted(folder.glob("*.py")) if folder else []
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    return [t for t in tables if not re.search(rf"\b{re.escape(t)}\b", text)]


def missing_migration_reason(name: str, tables: list[str]) -> str:
    """The one-line reason of a plugin whose models have no migration."""
    return f"models without a migration: table {', '.join(tables)} — run `nhip db revision {name}`"


#: the message of a plugin's first revision, and of later ones, when none is given
FIRST_MESSAGE = "tables"
LATER_MESSAGE = "schema changes"


def revision(app: Flask, owner: str, message: str | None = None, autogenerate: bool = True) -> str:
    """Write ``owner``'s next revision (``core`` or a plugin) and return its file path.

    The revision is ready to commit: its id reads ``<owner>_<NNNN>`` and its file
    ``<owner>_<NNNN>_<slug>.py``; a first revision starts the owner's branch, a later one
    follows the owner's head; it ``depends_on`` the heads of core and of the plugins the owner
    requires (those its own history does not already reach); the file is ruff-formatted."""
    host = app.extensions["nhip"]
    if owner == "core":
        folder = HERE / "versions"
        requires: list[str] = []
    else:
        item = host.discovered.get(owner)
        if item is None or item.module is None:
            raise ValueError(f"unknown plugin {owner!r}")
        folder = Path(item.module.__file__).parent / "migrations"
        folder.mkdir(exist_ok=True)
        requires = ["core", *(item.manifest.requires if item.manifest else {})]
    script_dir = ScriptDirectory.from_config(alembic_config(app))
    own_head = _head(script_dir, owner)
    message = message or (LATER_MESSAGE if own_head else FIRST_MESSAGE)
    reached = _ancestors(script_dir, own_head) if own_head else set()
    depends = [
        head for head in (_head(script_dir, name) for name in requires) if head not in reached
    ]
    with app.app_context(), db.engine.begin() as connection:
        cfg = alembic_config(app, connection)
        cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
        cfg.attributes["table_prefix"] = owner + "_"
        script = command.revision(
            cfg,
            message=message,
            autogenerate=autogenerate,
            head=f"{owner}@head" if own_head else "base",
            branch_label=None if own_head else owner,
            version_path=str(folder),
            rev_id=f"{owner}_{_next_number(script_dir, owner):04d}",
            depends_on=[d for d in depends if d] or None,
        )
    if not script:
        return ""
    path = Path(script.path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'"""{message}', f'"""{owner}: {message}', 1), encoding="utf-8")
    _format(path, unused_imports=autogenerate)
    return str(path)


def _head(script_dir: ScriptDirectory, branch: str) -> str | None:
    """The head revision of ``branch``, or None when it has none yet."""
    try:
        found = script_dir.get_revision(f"{branch}@head")
    except CommandError:
        return None
    return found.revision if found else None


def _ancestors(script_dir: ScriptDirectory, revision_id: str) -> set[str]:
    """``revision_id`` and every revision it follows or depends on, directly or not."""
    seen: set[str] = set()
    todo = [revision_id]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        rev = script_dir.get_revision(current)
        for link in (rev.down_revision, rev.dependencies):
            if link:
                todo.extend([link] if isinstance(link, str) else link)
    return seen


def _next_number(script_dir: ScriptDirectory, owner: str) -> int:
    """One more than the highest ``<owner>_NNNN`` revision number (1 for the first)."""
    pattern = re.compile(rf"{re.escape(owner)}_(\d{{4}})$")
    numbers = [
        int(m.group(1)) for rev in script_dir.walk_revisions() if (m := pattern.match(rev.revision))
    ]
    return max(numbers, default=0) + 1


def _format(path: Path, unused_imports: bool) -> None:
    """Sort the imports and format ``path`` with ruff, when installed; drop the unused imports
    of a generated revision (an empty one keeps ``sa`` and ``op`` for the author to use)."""
    if not unused_imports:
        text = path.read_text(encoding="utf-8")
        if "core.db." not in text:
            path.write_text(text.replace("import core.db\n", "", 1), encoding="utf-8")
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    if not ruff:
        return
    rules = "I,F401" if unused_imports else "I"
    subprocess.run([ruff, "check", "--quiet", "--fix", "--select", rules, str(path)], check=False)
    subprocess.run([ruff, "format", "--quiet", str(path)], check=False)
