"""The files ``nhip plugin new NAME`` writes (``core.scaffold``), as ``str.format`` templates
(``{name}``, ``{dash}``, ``{label}``, ``{major_minor}``, ``{next_major}``; braces of the
files themselves are doubled)."""

PYPROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "nhip-{dash}"
version = "0.1.0"
description = "{label}: a Nhịp plugin"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["nhip>={major_minor},<{next_major}"]

[project.optional-dependencies]
test = ["nhip[test]"]

[project.entry-points."nhip.plugins"]
{name} = "nhip_{name}"

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
nhip_{name} = ["migrations/*.py", "templates/**/*", "translations/**/*"]

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "-p no:cacheprovider"
filterwarnings = ["error", "ignore::ResourceWarning", "ignore::DeprecationWarning:pygal.*"]
"""

README = """\
# nhip-{dash}

{label}: a plugin for Nhịp, with one record type (`{name}.item`: a title, an owner, states
`open → done`), its permissions, a role and a page.

```sh
pip install -e ".[test]"        # next to Nhịp, in the same virtual environment
nhip plugins enable {name}      # enables it and creates its table
pytest                          # its tests, on SQLite and PostgreSQL
```

The tests use Nhịp's pytest fixtures (`app`, `client`, `login_as`, `make_record`,
`check_routes`, ...: see Nhịp's docs/testing-plugins.md); they also run before installing,
from `src/` as a plugins folder. Later table changes: change `models.py`, then
`nhip db revision {name} -m "what changed"`. Add Vietnamese to the strings in
`src/nhip_{name}/translations/vi/LC_MESSAGES/messages.po` (docs/plugin-guide.md of Nhịp).
"""

CONFTEST = '''\
"""Nhịp's pytest plugin (installed with Nhịp) gives the fixtures: ``app`` on SQLite and on
PostgreSQL, ``client``, ``login_as``, ``make_record``, ``clock``, ``check_routes`` ...

Here ``app`` enables this plugin only (with what it requires). Not installed yet, it is loaded
from ``src/`` as a plugins folder; installed (``pip install -e .``), from its entry point.
"""

from importlib.metadata import entry_points
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent / "src"


@pytest.fixture
def nhip_plugins(request):
    """The plugins the ``app`` fixture enables: this one, and those a test adds with
    ``@pytest.mark.nhip_plugins("sla")``."""
    marker = request.node.get_closest_marker("nhip_plugins")
    return ["{name}", *(marker.args if marker else ())]


@pytest.fixture
def nhip_plugins_dir():
    """``src/`` as a plugins folder, unless the plugin is installed (not both: a duplicate)."""
    installed = any(ep.name == "{name}" for ep in entry_points(group="nhip.plugins"))
    return None if installed else SOURCE
'''

PLUGIN = '''\
"""{label}: a Nhịp plugin (see docs/plugin-guide.md of Nhịp).

The manifest and every hook implementation live here; the work is done in the sibling
modules, imported relatively (so the package also runs from a plugins folder).
"""

from flask_babel import lazy_gettext as _l

from core import Manifest, hookimpl
from core.auth import Permission, Role
from core.ui.menu import MenuItem

manifest = Manifest(
    name="{name}",
    version="0.1.0",
    label="{label}",
    description="",
    core=">={major_minor},<{next_major}",
)

from . import models  # noqa: E402,F401  (the tables join the host's metadata)
from .permissions import READ, WRITE  # noqa: E402


@hookimpl
def register_entities():
    """``{name}.item``: the record type this plugin owns."""
    from .entities import item_entity

    return [item_entity()]


@hookimpl
def register_permissions():
    """Reading and changing this plugin's records."""
    return [Permission(READ, _l("See {label} records")), Permission(WRITE, _l("Change them"))]


@hookimpl
def register_roles():
    """One role holding both permissions."""
    return [Role("{name}_user", _l("{label} user"), frozenset({{READ, WRITE}}))]


@hookimpl
def register_blueprints():
    """The plugin's own pages."""
    from .views import bp

    return [bp]


@hookimpl
def register_menu():
    """A menu entry for readers."""
    return [MenuItem(_l("{label}"), manifest.label, READ, endpoint="{name}.home", order=1)]
'''

PERMISSIONS = '''\
"""The plugin's permissions."""

READ = "{name}.read"
WRITE = "{name}.write"
'''

MODELS = '''\
"""The plugin's table: ``{name}_item`` (table names start with the plugin's name)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import UTCDateTime, db, utcnow


class Item(db.Model):
    """A {label} record."""

    __tablename__ = "{name}_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("core_user.id"), nullable=True, index=True
    )
    state: Mapped[str] = mapped_column(String(20), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
'''

ENTITIES = '''\
"""``{name}.item`` as the host sees it: its fields, states and moves."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.entities import EntityType, Field, State, Transition

from .models import Item
from .permissions import READ, WRITE


def item_entity() -> EntityType:
    """The declaration of ``{name}.item``."""
    return EntityType(
        key="{name}.item",
        model=Item,
        label=_l("Item"),
        label_plural=_l("Items"),
        fields=(
            Field("title", "str", _l("Title"), required=True, max_length=200),
            Field("owner_id", "ref", _l("Owner"), ref="core.user"),
            Field("created_at", "datetime", _l("Created"), editable=False),
        ),
        read_permission=READ,
        write_permission=WRITE,
        states=(
            State("open", _l("Open"), tone="info"),
            State("done", _l("Done"), final=True, tone="success"),
        ),
        transitions=(
            Transition("open", "done", _l("Mark done")),
            Transition("done", "open", _l("Reopen")),
        ),
        initial_state="open",
        title=lambda item: item.title,
        responsible_user=lambda item: item.owner_id,
        responsible_field="owner_id",
        list_columns=("title", "owner_id", "created_at"),
        search_fields=("title",),
    )
'''

VIEWS = '''\
"""The plugin's own page; its records use the host's generic pages (``/r/{name}.item/``)."""

from __future__ import annotations

from flask import Blueprint, redirect
from werkzeug.wrappers import Response

from core.auth import requires
from core.records import entity_type
from core.ui.links import list_url

from .permissions import READ

bp = Blueprint("{name}", __name__, url_prefix="/{dash}")


@bp.get("/")
@requires(READ)
def home() -> Response:
    """The plugin's home: the list of its items."""
    return redirect(list_url(entity_type("{name}.item")))
'''

MIGRATION = '''\
"""{name} tables

Revision ID: {name}_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "{name}_0001"
down_revision = None
branch_labels = ("{name}",)
depends_on = ("core_0001",)


def upgrade() -> None:
    op.create_table(
        "{name}_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["core_user.id"], name=op.f("fk_{name}_item_owner_id_core_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{name}_item")),
    )
    with op.batch_alter_table("{name}_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_{name}_item_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_{name}_item_state"), ["state"], unique=False)


def downgrade() -> None:
    op.drop_table("{name}_item")
'''

TEST = '''\
"""{label}: loaded and enabled, its role, its records and every route, each test on SQLite
and on PostgreSQL (Nhịp's pytest fixtures: see conftest.py)."""

from core.records import transition

ITEM = "{name}.item"


def test_the_plugin_is_enabled(app):
    assert app.extensions["nhip"].is_enabled("{name}")


def test_its_role_grants_its_permissions(app):
    from core.auth.access import roles_catalog

    with app.test_request_context():
        role = roles_catalog()["{name}_user"]
    assert role.permissions == {{"{name}.read", "{name}.write"}}


def test_its_users_see_the_items_and_others_do_not(client, login_as, make_record):
    make_record(ITEM, title="The first item")
    login_as("{name}_user")
    page = client.get("/r/{name}.item/")
    assert page.status_code == 200
    assert "The first item" in page.get_data(as_text=True)
    login_as("employee")
    assert client.get("/r/{name}.item/").status_code == 403


def test_an_item_is_marked_done(app, make_record):
    with app.app_context():
        item = make_record(ITEM, title="Call the customer")
        transition(ITEM, item, "done")
        assert item.state == "done"


def test_every_route_answers_every_role(check_routes):
    report = check_routes("{name}")
    assert "GET /{dash}/" in {{str(route) for route in report.routes}}
'''
