"""A plugin's manifest: who it is and what it needs. Pure: no Flask, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
FIELDS = ("name", "version", "label", "description", "requires", "core")


class ManifestError(ValueError):
    """A manifest field is missing, unknown or invalid; the message names the field."""


@dataclass(frozen=True, init=False)
class Manifest:
    """Declared at module level of every plugin as ``manifest = Manifest(...)``.

    ``requires`` maps plugin names to PEP 440 version specifiers (``""`` for any version);
    ``core`` is the specifier the host's version must satisfy.
    """

    name: str
    version: str
    label: str
    description: str = ""
    requires: dict[str, str] = field(default_factory=dict)
    core: str = ""

    def __init__(self, **values: object) -> None:
        unknown = sorted(set(values) - set(FIELDS))
        if unknown:
            raise ManifestError(f"unknown manifest field(s): {', '.join(unknown)}")
        name = _text(values, "name", required=True)
        if not NAME_PATTERN.match(name):
            raise ManifestError(f"name {name!r} must be lower-case letters, digits and _")
        version = _text(values, "version", required=True)
        try:
            Version(version)
        except InvalidVersion:
            raise ManifestError(f"version {version!r} is not a PEP 440 version") from None
        requires = values.get("requires", {}) or {}
        if not isinstance(requires, dict):
            raise ManifestError("requires must be a mapping of plugin name to version specifier")
        for dep, spec in requires.items():
            if not isinstance(dep, str) or not NAME_PATTERN.match(dep):
                raise ManifestError(f"requires: {dep!r} is not a plugin name")
            _specifier(f"requires[{dep}]", spec)
        core = _text(values, "core")
        _specifier("core", core)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "version", version)
        object.__setattr__(self, "label", _text(values, "label") or name.replace("_", " ").title())
        object.__setattr__(self, "description", _text(values, "description"))
        object.__setattr__(self, "requires", dict(requires))
        object.__setattr__(self, "core", core)

    def __hash__(self) -> int:
        return hash((self.name, self.version))


def _text(values: dict, key: str, required: bool = False) -> str:
    value = values.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ManifestError(f"{key} must be a string")
    if required and not value.strip():
        raise ManifestError(f"{key} is required")
    return value.strip()


def _specifier(where: str, spec: object) -> SpecifierSet:
    if spec is None:
        spec = ""
    if not isinstance(spec, str):
        raise ManifestError(f"{where} must be a version specifier string")
    try:
        return SpecifierSet(spec)
    except InvalidSpecifier:
        raise ManifestError(f"{where}: {spec!r} is not a version specifier") from None


def satisfies(version: str, spec: str) -> bool:
    """Whether ``version`` meets the specifier ``spec`` (pre-releases allowed)."""
    return SpecifierSet(spec or "").contains(Version(version), prereleases=True)
