"""The last step of ``make bench``: one table of every figure in ``bench/results.json``.

Run ``python bench/summary.py`` after the benchmarks (``make bench`` does). Each row is one
entry: its value and unit, the baseline it was compared with in the same run, its goal and
whether it met it (``yes``, ``NO``, or ``-`` for a figure without a goal). The exit status is
0 either way: a missed goal is a finding to read, not a broken build; ``--strict`` exits 1
when any goal is missed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results  # noqa: E402

VERDICT = {True: "yes", False: "NO", None: "-"}


def number(value: float | None) -> str:
    """A figure with the precision its size asks for."""
    if value is None:
        return ""
    size = abs(value)
    if float(value).is_integer() or size >= 1000:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def table(entries: list[dict]) -> str:
    """The entries as a fixed-width text table."""
    head = ("figure", "value", "unit", "baseline", "goal", "met")
    rows = [
        (
            item["name"],
            number(item.get("value")),
            item.get("unit") or "",
            number(item.get("baseline")),
            item.get("goal") or "",
            VERDICT.get(item.get("passed"), "-"),
        )
        for item in entries
    ]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [
            str(c).rjust(w) if i in (1, 3) else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    entries = results.load()
    if not entries:
        print(f"no figures in {results.PATH}")
        return 0
    print(table(entries))
    goals = [item for item in entries if item.get("passed") is not None]
    missed = [item["name"] for item in goals if item["passed"] is False]
    print(f"\n{len(goals) - len(missed)} of {len(goals)} goals met", end="")
    print(f"; missed: {', '.join(missed)}" if missed else "")
    return 1 if missed and "--strict" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
