"""Helpers of the plugin manager's tests: throw-away plugins written into a plugins folder,
and applications built on them.

Plugins written here declare no SQLAlchemy models (a model class can be declared only once
per process); those that need tables create and read them with plain SQL in their migrations.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from core.db import db
from core.testing import make_app


def manifest_source(
    name: str,
    version: str = "1.0",
    requires: dict[str, str] | None = None,
    core: str | None = None,
) -> str:
    """The ``manifest = Manifest(...)`` line of a plugin."""
    args = [f"name={name!r}", f"version={version!r}"]
    if requires:
        args.append(f"requires={requires!r}")
    if core is not None:
        args.append(f"core={core!r}")
    return f"manifest = Manifest({', '.join(args)})\n"


def write_plugin(
    folder: Path,
    name: str,
    body: str = "",
    *,
    version: str = "1.0",
    requires: dict[str, str] | None = None,
    core: str | None = None,
    manifest: str | None = None,
    package: bool = False,
    files: dict[str, str] | None = None,
) -> Path:
    """Write plugin ``name`` into ``folder`` as ``name.py`` or, with ``package`` (or ``files``),
    as ``name/__init__.py`` plus ``files`` (paths relative to the package). ``manifest`` replaces
    the generated manifest line (give ``""`` for none); ``body`` follows it, dedented."""
    folder.mkdir(parents=True, exist_ok=True)
    header = "from core import Manifest, hookimpl  # noqa: F401\n\n"
    line = manifest_source(name, version, requires, core) if manifest is None else manifest
    source = header + textwrap.dedent(line) + "\n" + textwrap.dedent(body)
    if package or files:
        root = folder / name
        root.mkdir(parents=True, exist_ok=True)
        (root / "__init__.py").write_text(source, encoding="utf-8")
        for relative, text in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    return path


def build_app(
    tmp_path: Path, database_url: str, plugins_dir: Path, request, *, strict=True, **config
):
    """An application for ``plugins_dir`` whose engine is disposed when the test ends; strict
    about plugins unless the test builds a broken one on purpose (``strict=False``)."""
    application = make_app(
        tmp_path / "instance", database_url, plugins_dir=plugins_dir, strict=strict, **config
    )

    def dispose() -> None:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()

    request.addfinalizer(dispose)
    return application


def states(application) -> dict[str, tuple[str, str]]:
    """``{plugin: (state, error)}`` as the host reports them."""
    from core.plugin_states import read_states

    with application.app_context():
        installed = {n: s.installed_version for n, s in read_states().items()}
        infos = application.extensions["nhip"].infos(installed)
    return {i.name: (i.state, i.error) for i in infos}


def run_cli(application, *args: str, input: str | None = None):
    """Run ``nhip ARGS`` against ``application`` (click's test runner); returns the result."""
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from core.cli import cli

    return CliRunner().invoke(
        cli, list(args), input=input, obj=ScriptInfo(create_app=lambda: application)
    )


def migration(plugin: str, number: int, body: str, depends_on: str | None = None) -> str:
    """The source of revision ``<plugin>_000<number>`` whose ``upgrade`` runs ``body``."""
    previous = f"{plugin}_{number - 1:04d}" if number > 1 else None
    return (
        f'"""{plugin} revision {number}"""\n\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        f"revision = {f'{plugin}_{number:04d}'!r}\n"
        f"down_revision = {previous!r}\n"
        f"branch_labels = {(plugin,) if number == 1 else None!r}\n"
        f"depends_on = {depends_on!r}\n\n\n"
        "def upgrade():\n" + textwrap.indent(textwrap.dedent(body).strip(), "    ") + "\n"
    )


PARCELS = """
from flask import Blueprint
from sqlalchemy import text

from core.auth import Role, requires
from core.db import db
from core.ui.menu import MenuItem

bp = Blueprint("parcels", __name__, url_prefix="/parcels")


@bp.get("/")
@requires("parcels.read")
def boxes():
    '''How many parcel boxes there are.'''
    return str(db.session.execute(text("select count(*) from parcels_box")).scalar())


@hookimpl
def register_blueprints():
    '''The parcel pages.'''
    return [bp]


@hookimpl
def register_roles():
    '''Couriers read parcels.'''
    return [Role("courier", "Courier", {"parcels.read"})]


@hookimpl
def register_menu():
    '''One menu item: the parcel boxes.'''
    return [MenuItem("Parcel boxes", "Parcels", permission="parcels.read", url="/parcels/")]
"""

PARCELS_V1 = """
op.create_table(
    "parcels_box",
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("label", sa.String(100), nullable=False),
)
"""

PARCELS_V2 = """
op.add_column("parcels_box", sa.Column("weight_grams", sa.Integer, nullable=True))
"""


def write_parcels(folder: Path, version: int = 1) -> Path:
    """The ``parcels`` test plugin, a package with a migration per version: 1 creates the
    ``parcels_box`` table, 2 adds its ``weight_grams`` column."""
    files = {"migrations/parcels_0001.py": migration("parcels", 1, PARCELS_V1)}
    if version >= 2:
        files["migrations/parcels_0002.py"] = migration("parcels", 2, PARCELS_V2)
    return write_plugin(folder, "parcels", PARCELS, version=f"{version}.0", files=files)
