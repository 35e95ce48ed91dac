"""The plugin host: validates every discovered plugin once, then runs the enabled ones.

Two pluggy managers exist. The *probe* holds every plugin whose manifest and hook
implementations are valid, enabled or not: it finds errors early and supplies blueprints and
commands (routes of a disabled plugin answer 404). The *live* manager holds only the enabled
plugins, in dependency order, and is rebuilt whenever the enabled set changes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from core import hookspecs
from core.declarations import declaration_errors
from core.discovery import Discovered, discover
from core.entities import EntityRegistry
from core.hookmarkers import PROJECT, hookimpl
from core.migrate import missing_migration_reason, tables_without_migration
from core.resolve import Candidate, Resolution, resolve
from core.version import __version__

#: host features written as plugins; always registered, before (so after, in call order) the rest
BUILTIN_PLUGINS = ("core.builtin", "core.mail_channel", "core.admin.menu")


@dataclass
class PluginInfo:
    """What the admin page and ``nhip plugins list`` show of one plugin."""

    name: str
    version: str
    label: str
    description: str
    requires: dict[str, str]
    source: str
    state: str  # enabled | disabled | error
    error: str = ""
    installed_version: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The shape of ``nhip plugins list --json`` (and of the health check's plugin list)."""
        return {
            "name": self.name,
            "version": self.version,
            "state": self.state,
            "requires": self.requires,
            "source": self.source,
            "error": self.error or None,
        }


class PluginsInError(Exception):
    """Start-up refused under ``NHIP_STRICT_PLUGINS``: ``errors`` is ``{plugin: reason}``."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(
            "plugins in error (NHIP_STRICT_PLUGINS is on): "
            + "; ".join(f"{name}: {reason}" for name, reason in errors.items())
        )

    def lines(self) -> list[str]:
        """One line per plugin, then what to do: what the command line prints."""
        return [
            *(f"plugin {name} is in error: {reason}" for name, reason in self.errors.items()),
            "start-up refused: NHIP_STRICT_PLUGINS is on "
            "(`nhip plugins show NAME` tells more; fix or remove the plugin)",
        ]


@dataclass
class LiveSet:
    """The enabled plugins and what was derived from them; replaced as a whole on change."""

    pm: pluggy.PluginManager
    order: list[str]
    errors: dict[str, str]
    entities: EntityRegistry = field(default_factory=EntityRegistry)
    cache: dict[str, Any] = field(default_factory=dict)


class PluginHost:
    """Owns discovery, validation and the live plugin manager of one application."""

    def __init__(self, plugins_dir: Path | None) -> None:
        self._lock = threading.Lock()
        self.discovered: dict[str, Discovered] = {}
        self.load_errors: dict[str, str] = {}
        #: the full traceback behind a load error, when an exception caused it
        self.tracebacks: dict[str, str] = {}
        for item in discover(plugins_dir):
            if item.name in self.discovered:
                self.load_errors[item.name] = (
                    f"duplicate plugin name {item.name!r} ({self.discovered[item.name].origin} "
                    f"and {item.origin})"
                )
                continue
            self.discovered[item.name] = item
            if item.error:
                self.load_errors[item.name] = item.error
            if item.traceback:
                self.tracebacks[item.name] = item.traceback
        for name, item in self.discovered.items():
            tables = [] if name in self.load_errors else tables_without_migration(item)
            if tables:
                self.load_errors[name] = missing_migration_reason(name, tables)
        self.builtins = [__import__(name, fromlist=["_"]) for name in BUILTIN_PLUGINS]
        self.probe = self._validate()
        self.ready_app = None  # the application, once ``app_ready`` has been called
        self.live = self._build(set())
        self.requested: frozenset[str] = frozenset()

    # -- validation -------------------------------------------------------------------------
    def _candidates(self, errors: dict[str, str]) -> list[Candidate]:
        return [
            Candidate(name=n, manifest=d.manifest, error=errors.get(n, ""))
            for n, d in sorted(self.discovered.items())
        ]

    def _new_pm(self, names: list[str]) -> pluggy.PluginManager:
        pm = pluggy.PluginManager(PROJECT)
        pm.add_hookspecs(hookspecs)
        for name in names:
            for module in self.discovered[name].hookspec_modules:
                pm.add_hookspecs(module)
        for module in self.builtins:
            pm.register(module, name=module.__name__)
        return pm

    def _validate(self) -> pluggy.PluginManager:
        """Register every plugin with a valid manifest; record hook errors; repeat to a fixpoint."""
        while True:
            resolution = resolve(self._candidates(self.load_errors), None, __version__)
            pm = self._new_pm(resolution.order)
            failed = self._register_all(pm, resolution.order)
            if not failed:
                self.load_errors.update(resolution.errors)
                return pm
            self.load_errors.update(failed)

    def _register_all(self, pm: pluggy.PluginManager, order: list[str]) -> dict[str, str]:
        failed: dict[str, str] = {}
        for name in order:
            try:
                pm.register(self.discovered[name].module, name=name)
            except pluggy.PluginValidationError as exc:
                failed[name] = _hook_error(exc)
                self.tracebacks[name] = str(exc).strip()
        for name, reason in _unknown_hooks(pm).items():
            failed.setdefault(name, reason)
        if not failed:
            failed = declaration_errors(pm, order, self.builtins, self.tracebacks)
        return failed

    # -- live set ---------------------------------------------------------------------------
    def _build(self, enabled: set[str]) -> LiveSet:
        resolution: Resolution = resolve(self._candidates(self.load_errors), enabled, __version__)
        pm = self._new_pm([n for n in self.discovered if n not in self.load_errors])
        for name in resolution.order:
            pm.register(self.discovered[name].module, name=name)
        pm.register(_ReadyWatch(self), name=READY_WATCH)
        pm.check_pending()
        live = LiveSet(pm=pm, order=resolution.order, errors=dict(resolution.errors))
        registry = EntityRegistry()
        for module in self.builtins:
            for entity in getattr(module, "register_entities", lambda: [])() or []:
                entity.plugin = "core"
                registry.add(entity)
        declared = {i.plugin_name: i for i in pm.hook.register_entities.get_hookimpls()}
        for name in resolution.order:
            if name in declared:
                for entity in declared[name].function() or []:
                    entity.plugin = name
                    registry.add(entity)
        live.entities = registry
        return live

    def apply(self, enabled: set[str]) -> None:
        """Make ``enabled`` the live set (no-op when it already is). Once the application is
        ready, plugins that become enabled get their ``app_ready`` call then."""
        with self._lock:
            if frozenset(enabled) == self.requested:
                return
            before = set(self.live.order)
            self.live = self._build(set(enabled))
            self.requested = frozenset(enabled)
            added = [name for name in self.live.order if name not in before]
            app = self.ready_app
        if app is not None and added:
            impls = {i.plugin_name: i for i in self.live.pm.hook.app_ready.get_hookimpls()}
            with app.app_context():
                for name in added:
                    if name in impls:
                        impls[name].function(app=app)

    @property
    def hook(self):
        """The live hook relay: ``host.hook.entity_created(...)``."""
        return self.live.pm.hook

    @property
    def entities(self) -> EntityRegistry:
        return self.live.entities

    def is_enabled(self, name: str) -> bool:
        return name in self.live.order

    def loadable(self) -> list[str]:
        """Plugins that could run (valid manifest and hooks), in dependency order."""
        return resolve(self._candidates(self.load_errors), None, __version__).order

    def module(self, name: str) -> ModuleType | None:
        item = self.discovered.get(name)
        return item.module if item else None

    def probe_results(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call ``hook_name`` on every loadable plugin, enabled or not: ``[(plugin, result)]``."""
        caller = getattr(self.probe.hook, hook_name)
        out = []
        for impl in reversed(caller.get_hookimpls()):
            if impl.plugin_name in self.load_errors:
                continue
            result = impl.function(**kwargs)
            if result is not None:
                out.append((impl.plugin_name, result))
        return out

    def call_each(
        self, hook_name: str, on_error: Callable[[str, Exception], None], **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call a live hook implementation by implementation, in pluggy's order (last
        registered first): ``[(plugin, answer)]`` without the None answers, stopping at the
        first answer of a ``firstresult`` hook. One that raises is reported to
        ``on_error(plugin, exception)`` and left out; the others still run."""
        caller = getattr(self.live.pm.hook, hook_name)
        first_only = bool(caller.spec and caller.spec.opts.get("firstresult"))
        out = []
        for impl in reversed(caller.get_hookimpls()):
            if impl.hookwrapper or impl.wrapper:
                continue
            try:
                answer = impl.function(*[kwargs[name] for name in impl.argnames])
            except Exception as exc:  # noqa: BLE001 - reported, the other plugins still answer
                on_error(impl.plugin_name, exc)
                continue
            if answer is not None:
                out.append((impl.plugin_name, answer))
                if first_only:
                    break
        return out

    def call_in_order(self, hook_name: str, **kwargs: Any) -> list[Any]:
        """Call a live hook plugin by plugin in dependency order (requirements first)."""
        caller = getattr(self.live.pm.hook, hook_name)
        by_plugin = {impl.plugin_name: impl for impl in caller.get_hookimpls()}
        results = []
        for name in [*(m.__name__ for m in self.builtins), *self.live.order]:
            impl = by_plugin.get(name)
            if impl is not None:
                results.append(impl.function(**kwargs))
        return results

    def errors(self) -> dict[str, str]:
        """``{plugin: reason}`` of every plugin in state ``error``, by name."""
        return {info.name: info.error for info in self.infos() if info.state == "error"}

    def refuse_errors(self) -> None:
        """Raise ``PluginsInError`` when any plugin is in error (strict start-up)."""
        errors = self.errors()
        if errors:
            raise PluginsInError(errors)

    def infos(self, installed: dict[str, str | None] | None = None) -> list[PluginInfo]:
        installed = installed or {}
        out = []
        for name, item in sorted(self.discovered.items()):
            manifest = item.manifest
            error = self.load_errors.get(name) or self.live.errors.get(name, "")
            state = "error" if error else ("enabled" if name in self.live.order else "disabled")
            out.append(
                PluginInfo(
                    name=name,
                    version=manifest.version if manifest else "",
                    label=manifest.label if manifest else name,
                    description=manifest.description if manifest else "",
                    requires=dict(manifest.requires) if manifest else {},
                    source=item.source,
                    state=state,
                    error=error,
                    installed_version=installed.get(name),
                )
            )
        return out


READY_WATCH = "nhip-host"


class _ReadyWatch:
    """Registered last in every live manager: notes the application when ``app_ready`` runs
    (it runs first, being last registered), so later-enabled plugins can be told too."""

    def __init__(self, host: PluginHost) -> None:
        self.host = host

    @hookimpl
    def app_ready(self, app) -> None:
        """Remember the application that is now ready."""
        self.host.ready_app = app


def _hook_error(exc: pluggy.PluginValidationError) -> str:
    """pluggy's several-line message in one line: which hook, which definition, what is wrong."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    hook = re.search(r"hook '([^']+)'", lines[0]) if lines else None
    definition = next((line for line in lines if line.startswith("hookimpl definition:")), "")
    reason = lines[-1] if lines else "invalid"
    where = f" {hook.group(1)!r}" if hook else ""
    detail = f" ({definition.removeprefix('hookimpl definition:').strip()})" if definition else ""
    return f"invalid implementation of hook{where}{detail}: {reason}"


def _unknown_hooks(pm: pluggy.PluginManager) -> dict[str, str]:
    """Plugins implementing a hook no spec declares (what ``check_pending`` would raise for)."""
    out: dict[str, str] = {}
    for name in dir(pm.hook):
        if name.startswith("_"):
            continue
        caller = getattr(pm.hook, name)
        if caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if not impl.optionalhook:
                out.setdefault(impl.plugin_name, f"implements unknown hook {name!r}")
    return out
