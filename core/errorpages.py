"""Turning errors into answers: JSON for the API, finished pages for people."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from core.auth.login import wants_json
from core.errors import NhipError


def init_app(app: Flask) -> None:
    app.register_error_handler(NhipError, _nhip_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _unexpected(error: Exception):
    """An unexpected failure: logged with its traceback; the person sees a finished page."""
    if isinstance(error, HTTPException):  # pragma: no cover - handled above
        return _http_error(error)
    from core.db import db

    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return _database_lost(error)
    current_app.logger.exception("unexpected error")
    db.session.rollback()
    if wants_json():
        return jsonify(error="internal error; it has been logged"), 500
    return render_template("errors/error.html", status=500, message=None), 500


def _database_lost(error: DBAPIError):
    """The database connection broke during the request (a restart, a failover, a killed
    connection): the transaction died with it, so nothing of it was written. 503: the next
    request gets a new connection and may simply be sent again."""
    from core.db import db

    current_app.logger.error("database connection lost: %s", error.orig, exc_info=error)
    db.session.rollback()
    message = _("The connection to the database was lost, so nothing was saved. Please try again.")
    if wants_json():
        return jsonify(error=message), 503
    return render_template("errors/error.html", status=503, message=message), 503


def _nhip_error(error: NhipError):
    if wants_json():
        return jsonify(error.to_json()), error.status
    return render_template(
        "errors/error.html", status=error.status, message=error.message
    ), error.status


def _too_large(error: RequestEntityTooLarge):
    """A body over the limit (``NHIP_MAX_BODY``, or a form field over Flask's own): 413 saying
    what the limit is."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit:
        error.description = _(
            "The request is larger than this site accepts (at most %(size)s KB).",
            size=f"{limit // 1024:,}",
        )
    else:
        error.description = _("The request is larger than this site accepts.")
    return _http_error(error)


def _http_error(error: HTTPException):
    if wants_json():
        response = jsonify(error=error.description or error.name)
        response.status_code = error.code or 500
        for name, value in error.get_headers():  # keep Allow (405), WWW-Authenticate (401)
            if name.lower() != "content-type":
                response.headers[name] = value
        return response
    template = "errors/403.html" if error.code == 403 else "errors/error.html"
    return render_template(template, status=error.code, message=error.description), error.code
