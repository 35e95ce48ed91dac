"""The pluggy markers of the ``nhip`` project: ``hookspec`` declares, ``hookimpl`` implements."""

import pluggy

PROJECT = "nhip"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
