"""HR speaks Vietnamese: its catalog is complete and holds every string of the source."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[3]
CATALOG = Path(__file__).parents[1] / "translations" / "vi" / "LC_MESSAGES" / "messages.po"


def catalog():
    with CATALOG.open("rb") as handle:
        return read_po(handle, locale="vi")


def ids(messages) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.id}


def test_every_catalog_entry_is_translated():
    assert [m.id for m in catalog() if m.id and not m.string] == []


def test_the_catalog_holds_every_string_of_the_source(tmp_path):
    template = tmp_path / "hr.pot"
    extract = [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg"]
    keywords = ["-k", "lazy_gettext", "-k", "_l", "-k", "N_"]
    subprocess.run(
        [*extract, *keywords, "-o", str(template), "plugins/hr"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        wanted = ids(read_po(handle))
    assert wanted - ids(catalog()) == set()
