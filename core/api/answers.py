"""JSON answers of the API, keys in the order they were built (``id`` first, then the fields
as the entity declares them) and text as UTF-8 rather than ``\\u`` escapes."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app


def answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON response of ``body``."""
    text = current_app.json.dumps(body, sort_keys=False, ensure_ascii=False)
    return current_app.response_class(
        text + "\n", status=status, headers=headers, mimetype="application/json"
    )
