"""JSON answers of the API, keys in the order they were built (``id`` first, then the fields
as the entity declares them) and text as UTF-8 rather than ``\\u`` escapes; JSON written
ahead of time (``core.api.json_text``) goes in as it is."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from core.api.json_text import dumps


def answer(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON response of ``body``."""
    text = dumps(body, ensure_ascii=False)
    return current_app.response_class(
        text + "\n", status=status, headers=headers, mimetype="application/json"
    )
