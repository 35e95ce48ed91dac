"""Dependency resolution of plugins. Pure: no Flask, no database.

Given every discovered plugin (its manifest, or the reason it could not be read) and the set
the instance has enabled, decide which plugins run, in which order, and why the others do not::

    discovered ──► manifest valid? ──► core version ok? ──► requirements present,
                   (else error)        (else error)          enabled, compatible and
                                                             not in error? (else error,
                                                             naming the requirement)
                                 ──► cycle? (every member errors, naming the cycle)
                                 ──► topological order: requirements first, then by name

A plugin whose requirement fails fails too, naming it, so errors travel up the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.manifest import Manifest, satisfies


@dataclass
class Candidate:
    """One discovered plugin before resolution."""

    name: str
    manifest: Manifest | None
    error: str = ""


@dataclass
class Resolution:
    """The outcome: plugins to run in order, plus a one-line reason for each one in error."""

    order: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)


def resolve(candidates: list[Candidate], enabled: set[str] | None, core_version: str) -> Resolution:
    """Order the enabled plugins so that requirements come first; report every failure.

    ``enabled`` None means every candidate is wanted (used to validate what is installed).
    """
    result = Resolution()
    by_name: dict[str, Candidate] = {}
    for cand in candidates:
        if cand.name in by_name:
            result.errors[cand.name] = f"duplicate plugin name {cand.name!r}"
            continue
        by_name[cand.name] = cand
        if cand.error:
            result.errors[cand.name] = cand.error
        elif (
            cand.manifest and cand.manifest.core and not satisfies(core_version, cand.manifest.core)
        ):
            result.errors[cand.name] = (
                f"needs core {cand.manifest.core}, this host is {core_version}"
            )
    wanted = set(by_name) if enabled is None else set(enabled) & set(by_name)
    result.disabled = set(by_name) - wanted - set(result.errors)

    changed = True
    while changed:
        changed = False
        for name in sorted(wanted - set(result.errors)):
            reason = _requirement_problem(by_name[name].manifest, by_name, wanted, result.errors)
            if reason:
                result.errors[name] = reason
                changed = True

    live = sorted(wanted - set(result.errors))
    for cycle in _cycles(live, by_name):
        text = " -> ".join([*cycle, cycle[0]])
        for name in cycle:
            result.errors[name] = f"dependency cycle: {text}"
    # plugins requiring a cycle member now fail too
    changed = True
    while changed:
        changed = False
        for name in sorted(wanted - set(result.errors)):
            reason = _requirement_problem(by_name[name].manifest, by_name, wanted, result.errors)
            if reason:
                result.errors[name] = reason
                changed = True
    result.order = _topological(sorted(wanted - set(result.errors)), by_name)
    return result


def _requirement_problem(
    manifest: Manifest | None,
    by_name: dict[str, Candidate],
    wanted: set[str],
    errors: dict[str, str],
) -> str:
    assert manifest is not None
    for dep, spec in sorted(manifest.requires.items()):
        if dep not in by_name:
            return f"requires {dep!r}, which is not installed"
        if dep in errors:
            return f"requires {dep!r}, which has an error"
        dep_manifest = by_name[dep].manifest
        assert dep_manifest is not None
        if spec and not satisfies(dep_manifest.version, spec):
            return f"requires {dep} {spec}, but {dep} {dep_manifest.version} is installed"
        if dep not in wanted:
            return f"requires {dep!r}, which is disabled"
    return ""


def _cycles(names: list[str], by_name: dict[str, Candidate]) -> list[list[str]]:
    """Every dependency cycle among ``names`` (each reported once, from its smallest name)."""
    found: list[list[str]] = []
    seen_members: set[str] = set()
    allowed = set(names)

    def walk(node: str, path: list[str]) -> None:
        manifest = by_name[node].manifest
        assert manifest is not None
        for dep in sorted(manifest.requires):
            if dep not in allowed:
                continue
            if dep in path:
                cycle = path[path.index(dep) :]
                if not seen_members & set(cycle):
                    start = cycle.index(min(cycle))
                    found.append(cycle[start:] + cycle[:start])
                    seen_members.update(cycle)
                continue
            walk(dep, [*path, dep])

    for name in names:
        if name not in seen_members:
            walk(name, [name])
    return found


def _topological(names: list[str], by_name: dict[str, Candidate]) -> list[str]:
    order: list[str] = []
    placed: set[str] = set()
    pending = list(names)
    while pending:
        for name in pending:
            manifest = by_name[name].manifest
            assert manifest is not None
            if all(dep in placed for dep in manifest.requires):
                order.append(name)
                placed.add(name)
                pending.remove(name)
                break
        else:  # pragma: no cover - cycles were removed above
            raise RuntimeError(f"unresolvable plugins: {pending}")
    return order


def requirements_closure(name: str, manifests: dict[str, Manifest]) -> list[str]:
    """``name`` and everything it needs, transitively, requirements first."""
    out: list[str] = []

    def visit(n: str, stack: tuple[str, ...]) -> None:
        if n in out or n in stack or n not in manifests:
            return
        for dep in sorted(manifests[n].requires):
            visit(dep, (*stack, n))
        out.append(n)

    visit(name, ())
    return out


def dependents(name: str, manifests: dict[str, Manifest]) -> list[str]:
    """Every plugin that needs ``name``, directly or not, sorted by name."""
    found: set[str] = set()
    frontier = {name}
    while frontier:
        nxt = {
            other
            for other, m in manifests.items()
            if other not in found and other != name and frontier & set(m.requires)
        }
        found |= nxt
        frontier = nxt
    return sorted(found)
