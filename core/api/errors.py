"""Database refusals under ``/api`` answered as JSON instead of a 500.

The API checks values before writing (``core.api.payload``), so these are the last line:
a value a NOT NULL column needs, or a reference to a missing record (422), a unique value
already taken by another record (409), a value a column cannot hold (422).
``core.errorpages`` answers every other error under ``/api`` as JSON.
"""

from __future__ import annotations

import re

from flask import current_app, jsonify, request
from sqlalchemy.exc import DataError, IntegrityError

from core.api import bp
from core.db import db

SQLITE_NOT_NULL = re.compile(r"NOT NULL constraint failed: \w+\.(\w+)")


@bp.errorhandler(IntegrityError)
def integrity_error(error: IntegrityError):
    """A constraint of the database refused the change."""
    db.session.rollback()
    current_app.logger.info("API write refused by the database: %s", error.orig)
    code = getattr(error.orig, "sqlstate", None) or ""
    text = str(error.orig)
    if code == "23502" or "NOT NULL constraint" in text:
        column = _not_null_column(error)
        return jsonify(error="invalid fields", fields={column: "must not be empty"}), 422
    if code == "23503" or "FOREIGN KEY constraint" in text:
        return jsonify(error="a reference names a missing record", fields={}), 422
    return jsonify(
        error="the change conflicts with an existing record (a value already taken)"
    ), 409


@bp.errorhandler(DataError)
def data_error(error: DataError):
    """A value does not fit its column (too long, out of range)."""
    db.session.rollback()
    current_app.logger.info("API write refused by the database: %s", error.orig)
    return jsonify(error="a value does not fit the database", fields={}), 422


def _not_null_column(error: IntegrityError) -> str:
    """The field (by column name) a NOT NULL violation is about, as far as the driver says."""
    diag = getattr(error.orig, "diag", None)
    column = getattr(diag, "column_name", None)
    if not column:
        found = SQLITE_NOT_NULL.search(str(error.orig))
        column = found.group(1) if found else ""
    entity = (request.view_args or {}).get("entity")
    registry = current_app.extensions["nhip"].entities
    if column and entity in registry:
        for fld in registry.get(entity).fields:
            if fld.attr == column:
                return fld.name
    return column or "body"
