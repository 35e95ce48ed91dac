"""Nhịp's pytest plugin: the host's test fixtures for every project that installs Nhịp.

Registered under the ``pytest11`` entry point ``nhip`` (pyproject.toml), so pytest loads it
by itself wherever Nhịp is installed; a plugin's tests need no ``conftest.py`` to get
``app``, ``client``, ``login_as``, ``make_record``, ``clock``, ``check_routes`` and the
others. docs/testing-plugins.md describes every fixture. The SLA plugin's fixtures come from
the second entry point, ``nhip_sla`` (``plugins.sla.testing``).

The modules below are registered under their own names, so a ``conftest.py`` that still
lists them in ``pytest_plugins`` (as older plugins' do) is harmless.
"""

from __future__ import annotations

pytest_plugins = [
    "core.testing",
    "core.testing_queue",
    "core.testing_smtp",
    "core.testing_browser",
    "core.testing_kit",
    "core.testing_routes",
]


def pytest_configure(config) -> None:
    """Declare the ``nhip_plugins`` marker (runs under ``--strict-markers`` too)."""
    config.addinivalue_line(
        "markers",
        "nhip_plugins(*names, plugins_dir=None): the plugins the `app` fixture enables "
        "(with their requirements), and a plugins folder to add to the installed ones",
    )
