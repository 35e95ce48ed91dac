"""The benchmarks' results file, ``bench/results.json``: one entry per measurement.

Each entry is ``{"name", "value", "unit", "goal", "baseline", "passed"}``: ``goal`` is a
human-readable target (``"<= 2 s"``, ``">= 0.5x"``) or None, ``baseline`` the figure the value
is compared with in the same run (or None), ``passed`` True, False or None (no goal). Writing
merges by name: an entry replaces the one of the same name, the others are kept.

Benchmarks import it as ``results`` (``bench/`` is on ``sys.path`` when a script there runs).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

PATH = Path(__file__).resolve().parent / "results.json"


def entry(
    name: str,
    value: float,
    unit: str,
    goal: str | None = None,
    baseline: float | None = None,
    passed: bool | None = None,
) -> dict[str, Any]:
    """One measurement, ready for ``record``."""
    return {
        "name": name,
        "value": round(float(value), 6),
        "unit": unit,
        "goal": goal,
        "baseline": None if baseline is None else round(float(baseline), 6),
        "passed": passed,
    }


def load(path: Path = PATH) -> list[dict[str, Any]]:
    """The entries stored so far (none when the file is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [item for item in data if isinstance(item, dict) and "name" in item]


def record(entries: list[dict[str, Any]], path: Path = PATH) -> None:
    """Merge ``entries`` into the file by name (new names are appended, in order)."""
    merged = {item["name"]: item for item in load(path)}
    for item in entries:
        merged[item["name"]] = item
    text = json.dumps(list(merged.values()), indent=2, ensure_ascii=False) + "\n"
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)
