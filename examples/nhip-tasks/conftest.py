"""Nhịp's pytest plugin (installed with Nhịp) gives the fixtures: ``app`` on SQLite and on
PostgreSQL, ``client``, ``login_as``, ``make_record``, ``clock``, ``check_routes``, the SLA
ones ... (Nhịp's docs/testing-plugins.md).

Here ``app`` enables this plugin only (and those a test adds with
``@pytest.mark.nhip_plugins("sla")``). Not installed yet, it is loaded from ``src/`` as a
plugins folder; installed (``pip install -e .``), from its entry point — never both, which
would be a duplicate name.
"""

from importlib.metadata import entry_points
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent / "src"


@pytest.fixture
def nhip_plugins(request):
    """The plugins the ``app`` fixture enables: this one, and those a test's marker names."""
    marker = request.node.get_closest_marker("nhip_plugins")
    return ["tasks", *(marker.args if marker else ())]


@pytest.fixture
def nhip_plugins_dir():
    """``src/`` as a plugins folder, unless the plugin is installed."""
    installed = any(ep.name == "tasks" for ep in entry_points(group="nhip.plugins"))
    return None if installed else SOURCE
