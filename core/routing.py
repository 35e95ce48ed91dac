"""URL converters of the application.

``<int:...>`` in any route (the host's and the plugins') reads a whole number no larger than the
largest id a table holds (PostgreSQL ``integer``, 2**31 - 1). A larger number, such as
``/r/x/99999999999999999999``, is answered 404 whatever the method, before any view runs: the
database never sees a number it would refuse.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

#: the largest id of any table (a 32-bit ``integer`` column on PostgreSQL)
MAX_ID = 2**31 - 1


class BoundedInteger(IntegerConverter):
    """``int`` refusing (404) numbers above ``MAX_ID``; a route may still give its own ``max``."""

    regex = r"[0-9]+"

    def to_python(self, value: str) -> int:
        if len(value.lstrip("0")) > len(str(MAX_ID)) or int(value) > MAX_ID:
            raise NotFound(f"{value[:40]} is beyond any id: there is no such record")
        return super().to_python(value)


def init_app(app: Flask) -> None:
    """Install the converters (before any blueprint adds its routes)."""
    app.url_map.converters["int"] = BoundedInteger
