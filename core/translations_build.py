"""Compile every ``messages.po`` catalog (host and plugins) into ``messages.mo``.

Run by ``make``; compiled catalogs are build output and are not committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOTS = [
    Path(__file__).parent,
    Path(__file__).parent.parent / "plugins",
    Path(__file__).parent.parent / "examples",
]


def compile_all(roots: list[Path] = ROOTS) -> list[Path]:
    """Compile each ``.po`` under ``roots`` whose ``.mo`` is missing or older; return them."""
    written = []
    for root in roots:
        for po_path in sorted(root.rglob("translations/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as handle:
                catalog = read_po(handle)
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog)
            written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(f"compiled {path}", file=sys.stderr)
