"""CSV files of the report tables.

UTF-8 with a byte-order mark (so that spreadsheet programs read Vietnamese names right), comma
separated, quoted where needed by Python's ``csv`` module, one header row of stable English
keys (the same keys as the JSON answers, whatever the viewer's language), compliance as a
fraction from 0 to 1 and durations in working minutes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from flask import Response

BOM = "\ufeff"


def csv_text(columns: list[str], rows: Iterable[dict[str, Any]]) -> str:
    """The CSV text of ``rows`` (dicts), ``columns`` in order, with the header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return BOM + out.getvalue()


def csv_response(name: str, columns: list[str], rows: Iterable[dict[str, Any]]) -> Response:
    """A downloadable CSV file called ``name``.csv."""
    return Response(
        csv_text(columns, rows).encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}.csv"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )
