"""Test set-up shared by the host's and the plugins' tests.

Nhịp's pytest plugins (entry points ``nhip`` and ``nhip_sla`` of ``pytest11``, see
``core/pytest_plugin.py``) load the fixtures; pytest loads them by itself once Nhịp is
installed. Naming them here loads them also where entry-point autoloading is switched off
(``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), and is a no-op otherwise.
"""

pytest_plugins = ["nhip", "nhip_sla"]
