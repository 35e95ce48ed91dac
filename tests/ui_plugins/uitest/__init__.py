"""The help-desk test plugin as the host finds it in a plugins folder (see uitest_plugin)."""

from uitest_plugin import *  # noqa: F403
from uitest_plugin import manifest  # noqa: F401
