"""``nhip plugin new NAME``: the skeleton of a third-party plugin, as its own distribution.

The layout follows ``examples/nhip-fieldservice`` (docs/plugin-guide.md walks through it)::

    nhip-NAME/
        pyproject.toml              entry point nhip.plugins: NAME = "nhip_NAME"
        README.md
        conftest.py                 the host's pytest fixtures
        src/nhip_NAME/__init__.py   manifest and hook implementations
        src/nhip_NAME/migrations/   the plugin's Alembic branch (empty until the first revision)
        tests/test_NAME.py
"""

from __future__ import annotations

from pathlib import Path

from core.manifest import NAME_PATTERN
from core.version import __version__

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
filterwarnings = ["error", "ignore::ResourceWarning"]
"""

PLUGIN = '''\
"""{label}: a Nhịp plugin (see docs/plugin-guide.md of Nhịp).

The manifest and every hook implementation live here; put the work in sibling modules and
import them relatively (``from .models import ...``).
"""

from flask_babel import lazy_gettext as _l

from core import Manifest, hookimpl
from core.auth import Permission, Role

manifest = Manifest(
    name="{name}",
    version="0.1.0",
    label="{label}",
    description="",
    core=">={major_minor},<{next_major}",
)

READ = "{name}.read"
WRITE = "{name}.write"


@hookimpl
def register_permissions():
    """Reading and changing this plugin's records."""
    return [Permission(READ, _l("See {label} records")), Permission(WRITE, _l("Change them"))]


@hookimpl
def register_roles():
    """One role holding both permissions."""
    return [Role("{name}_user", _l("{label} user"), frozenset({{READ, WRITE}}))]
'''

README = """\
# nhip-{dash}

{label}: a plugin for Nhịp.

```sh
pip install -e ".[test]"        # next to Nhịp, in the same virtual environment
nhip plugins enable {name}
pytest
```

Tables: add models, then `nhip db revision {name} -m "{name} tables"` (after `nhip init`),
and rename the revision to `{name}_0001`.
"""

CONFTEST = '''\
"""The host's fixtures: ``app``, ``client``, ``make_user``, ``login`` (SQLite and PostgreSQL)."""

pytest_plugins = ["core.testing"]
'''

TEST = '''\
"""{label} is loaded, enabled and declares its role."""


def test_the_plugin_is_enabled(app):
    assert app.extensions["nhip"].is_enabled("{name}")


def test_its_role_grants_its_permissions(app):
    from core.auth.access import roles_catalog

    with app.test_request_context():
        role = roles_catalog()["{name}_user"]
    assert role.permissions == {{"{name}.read", "{name}.write"}}
'''


class ScaffoldError(ValueError):
    """The name is not a plugin name, or the target folder exists."""


def new_plugin(name: str, where: Path, label: str | None = None) -> Path:
    """Write the skeleton of plugin ``name`` under ``where``; returns the distribution folder."""
    if not NAME_PATTERN.match(name):
        raise ScaffoldError(f"{name!r} is not a plugin name (lower-case letters, digits and _)")
    root = where / f"nhip-{name.replace('_', '-')}"
    if root.exists():
        raise ScaffoldError(f"{root} already exists")
    major, minor = __version__.split(".")[:2]
    values = {
        "name": name,
        "dash": name.replace("_", "-"),
        "label": label or name.replace("_", " ").title(),
        "major_minor": f"{major}.{minor}",
        "next_major": str(int(major) + 1),
    }
    package = root / "src" / f"nhip_{name}"
    files = {
        root / "pyproject.toml": PYPROJECT,
        root / "README.md": README,
        root / "conftest.py": CONFTEST,
        root / "tests" / f"test_{name}.py": TEST,
        package / "__init__.py": PLUGIN,
        package / "migrations" / "README": "Revisions of this plugin's Alembic branch.\n",
    }
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    return root
