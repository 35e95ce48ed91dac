"""Nhịp host: the Flask application, plugin manager, entity registry and UI shell.

Plugins import what they need from here::

    from core import Manifest, hookimpl
"""

from core.hookmarkers import hookimpl, hookspec
from core.manifest import Manifest, ManifestError
from core.version import __version__

__all__ = ["Manifest", "ManifestError", "__version__", "hookimpl", "hookspec"]
