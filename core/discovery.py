"""Finding and importing plugins: the ``nhip.plugins`` entry points and the plugins folder.

Importing never raises: a plugin that cannot be imported or has no valid manifest comes back
with a one-line error, and the host goes on with the others.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
import traceback
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from core.manifest import Manifest

GROUP = "nhip.plugins"
SOURCE_ENTRY_POINT = "entry point"
SOURCE_PLUGINS_DIR = "plugins dir"
LOCAL_PACKAGE = "nhip_local_plugins"

#: plugins-dir modules already imported, by module name: (fingerprint of their files, module).
#: An unchanged plugin is not executed twice in one process (its models would be declared
#: twice); a changed one (a test rewriting it, a developer editing it) is imported afresh.
_LOADED: dict[str, tuple[str, ModuleType]] = {}


@dataclass
class Discovered:
    """A plugin as found: its module (if it imported) and manifest (if valid)."""

    name: str
    source: str
    module: ModuleType | None = None
    manifest: Manifest | None = None
    error: str = ""
    #: the full traceback of the error, when an exception caused it (``nhip plugins show``)
    traceback: str = ""
    origin: str = ""
    hookspec_modules: list[ModuleType] = field(default_factory=list)

    @property
    def migrations_dir(self) -> Path | None:
        """``<package>/migrations`` when the plugin is a package that has one; found from where
        the plugin lives even when it failed to import (its applied revisions stay known)."""
        folder = self._folder()
        if folder is None:
            return None
        folder = folder / "migrations"
        return folder if folder.is_dir() else None

    def _folder(self) -> Path | None:
        if self.module is not None:
            file = getattr(self.module, "__file__", None)
            return Path(file).parent if file else None
        if self.source == SOURCE_PLUGINS_DIR:
            path = Path(self.origin)
            return path if path.is_dir() else None
        try:  # an entry point that failed: locate its module without running it
            spec = importlib.util.find_spec(self.origin.split(":")[0])
        except Exception:  # noqa: BLE001 - its package itself is broken: nothing to find
            return None
        return Path(spec.origin).parent if spec and spec.origin else None


def discover(plugins_dir: Path | None) -> list[Discovered]:
    """Every plugin from entry points, then from ``plugins_dir``, in that order.

    A name both installed and in the folder is refused on both sides without importing either
    copy (whatever they contain): see ``duplicate``."""
    installed = sorted(entry_points(group=GROUP), key=lambda e: e.name)
    paths = []
    if plugins_dir and plugins_dir.is_dir():
        for path in sorted(plugins_dir.iterdir()):
            if path.name.startswith(("_", ".")):
                continue
            if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists()):
                paths.append(path)
    in_folder = {_stem(path): path for path in paths}
    found = []
    for ep in installed:
        if ep.name in in_folder:
            found.append(duplicate(ep.name, SOURCE_ENTRY_POINT, ep.value, str(in_folder[ep.name])))
        else:
            found.append(_from_entry_point(ep))
    names = {ep.name: ep.value for ep in installed}
    for path in paths:
        name = _stem(path)
        if name in names:
            found.append(duplicate(name, SOURCE_PLUGINS_DIR, str(path), names[name]))
        else:
            found.append(_from_path(path))
    return found


def duplicate(name: str, source: str, origin: str, other: str) -> Discovered:
    """A plugin refused because another of the same name exists: neither copy is imported."""
    first, second = (origin, other) if source == SOURCE_ENTRY_POINT else (other, origin)
    return Discovered(
        name=name,
        source=source,
        origin=origin,
        error=f"duplicate plugin name {name!r} ({first} and {second})",
    )


def _stem(path: Path) -> str:
    return path.stem if path.suffix == ".py" else path.name


def _from_entry_point(ep) -> Discovered:
    item = Discovered(name=ep.name, source=SOURCE_ENTRY_POINT, origin=ep.value)
    try:
        module = ep.load()
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - reported, not raised
        item.error = one_line(exc, _package_folder(ep.module))
        item.traceback = full_traceback(exc)
        return item
    return _inspect(item, module)


def _from_path(path: Path) -> Discovered:
    stem = _stem(path)
    item = Discovered(name=stem, source=SOURCE_PLUGINS_DIR, origin=str(path))
    if LOCAL_PACKAGE not in sys.modules:
        package = ModuleType(LOCAL_PACKAGE)
        package.__path__ = []  # namespace for plugins dropped into the folder
        sys.modules[LOCAL_PACKAGE] = package
    module_name = f"{LOCAL_PACKAGE}.{stem}"
    fingerprint = _fingerprint(path)
    cached = _LOADED.get(module_name)
    if cached and cached[0] == fingerprint and sys.modules.get(module_name) is cached[1]:
        return _inspect(item, cached[1])
    _forget(module_name)
    try:
        if path.is_dir():
            spec = importlib.util.spec_from_file_location(
                module_name, path / "__init__.py", submodule_search_locations=[str(path)]
            )
        else:
            spec = importlib.util.spec_from_file_location(module_name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - reported, not raised
        _forget(module_name)
        item.error = one_line(exc, path)
        item.traceback = full_traceback(exc)
        return item
    _LOADED[module_name] = (fingerprint, module)
    return _inspect(item, module)


def _forget(module_name: str) -> None:
    """Drop a plugins-dir module and its submodules so that the next import reads the files."""
    _LOADED.pop(module_name, None)
    for loaded in [m for m in sys.modules if m == module_name or m.startswith(module_name + ".")]:
        del sys.modules[loaded]


def _inspect(item: Discovered, module: ModuleType) -> Discovered:
    item.module = module
    manifest = getattr(module, "manifest", None)
    if not isinstance(manifest, Manifest):
        item.error = "no module-level `manifest = Manifest(...)`"
        return item
    item.manifest = manifest
    if manifest.name != item.name:
        item.name = manifest.name
    specs = getattr(module, "hookspecs", None)
    if isinstance(specs, ModuleType):
        item.hookspec_modules.append(specs)
    return item


def _fingerprint(path: Path) -> str:
    """A digest of the plugin's location and the contents of its Python files (migration
    revisions aside: they are read by Alembic, not imported with the plugin)."""
    digest = hashlib.sha256(str(path.resolve()).encode())
    files = (
        sorted(f for f in path.rglob("*.py") if "migrations" not in f.relative_to(path).parts)
        if path.is_dir()
        else [path]
    )
    for file in files:
        digest.update(str(file.relative_to(path.parent)).encode())
        try:
            digest.update(file.read_bytes())
        except OSError:
            continue
    return digest.hexdigest()


def _package_folder(module_name: str) -> Path | None:
    """The folder (or file) of the top-level package of ``module_name``, without importing it."""
    try:
        spec = importlib.util.find_spec(module_name.split(".")[0])
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(spec.origin) if spec.origin else None


def one_line(exc: BaseException, within: Path | None = None) -> str:
    """``Type: message (file.py:line)``, pointing at the line of the plugin (the last frame
    inside ``within``, its folder or file) rather than at a library it called."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, SyntaxError) and exc.filename:
        where = f" ({Path(exc.filename).name}:{exc.lineno})"
        text = exc.msg
    else:
        frames = traceback.extract_tb(exc.__traceback__)
        if within is not None:
            root = str(within.resolve())
            own = [f for f in frames if str(Path(f.filename).resolve()).startswith(root)]
            frames = own or frames
        where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {text}{where}"


def full_traceback(exc: BaseException) -> str:
    """The whole traceback of ``exc``, as Python prints it (kept for ``nhip plugins show``)."""
    return "".join(traceback.format_exception(exc)).rstrip()
