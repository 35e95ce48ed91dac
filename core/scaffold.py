"""``nhip plugin new NAME``: the skeleton of a third-party plugin, as its own distribution.

The layout follows ``examples/nhip-fieldservice`` (docs/plugin-guide.md walks through it)::

    nhip-NAME/
        pyproject.toml              entry point nhip.plugins: NAME = "nhip_NAME"
        README.md
        conftest.py                 chooses the plugins of Nhịp's ``app`` fixture
        src/nhip_NAME/__init__.py   manifest and hook implementations
        src/nhip_NAME/permissions.py, models.py, entities.py, views.py
                                    one record type ``NAME.item`` and a page
        src/nhip_NAME/migrations/   the plugin's Alembic branch: NAME_0001 creates its table
        tests/test_NAME.py          tests with Nhịp's pytest fixtures (docs/testing-plugins.md)
"""

from __future__ import annotations

from pathlib import Path

from core import scaffold_templates as t
from core.manifest import NAME_PATTERN
from core.version import __version__


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
        root / "pyproject.toml": t.PYPROJECT,
        root / "README.md": t.README,
        root / "conftest.py": t.CONFTEST,
        root / "tests" / f"test_{name}.py": t.TEST,
        package / "__init__.py": t.PLUGIN,
        package / "permissions.py": t.PERMISSIONS,
        package / "models.py": t.MODELS,
        package / "entities.py": t.ENTITIES,
        package / "views.py": t.VIEWS,
        package / "migrations" / f"{name}_0001_tables.py": t.MIGRATION,
    }
    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values), encoding="utf-8")
    return root
