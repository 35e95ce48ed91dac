"""Configuration as code in the pages: download the export, upload a file to import."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth import requires
from plugins.sla.config_document import MAX_BYTES
from plugins.sla.config_store import ConfigError, apply, export, parse
from plugins.sla.ending import deactivated_message
from plugins.sla.readable import document_refusals
from plugins.sla.views import bp


@bp.get("/config")
@requires("sla.admin")
def config_page():
    """Export and import of calendars and policies."""
    return render_template("sla/admin/config.html", problems=[])


@bp.get("/config.json")
@requires("sla.admin")
def config_download():
    """Every calendar and policy as the JSON that ``nhip sla import`` reads."""
    body = json.dumps(export(), indent=2, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=sla-config.json"},
    )


@bp.post("/config")
@requires("sla.admin")
def config_upload():
    """Load an uploaded file, all or nothing; a file that cannot be used lists its problems."""
    upload = request.files.get("file")
    problems: list[str] = []
    if upload is None or not upload.filename:
        problems = [_("Choose a JSON file to import.")]
    else:
        try:
            doc = parse(upload.read(MAX_BYTES + 1))
            refused = document_refusals(doc, current_user)
            if refused:
                raise ConfigError(refused)
            report = apply(doc, current_user.id)
        except ConfigError as exc:
            problems = exc.problems
        else:
            flash(
                _(
                    "Imported: %(created)d created, %(updated)d updated, %(same)d unchanged.",
                    created=len(report["created"]),
                    updated=len(report["updated"]),
                    same=len(report["unchanged"]),
                ),
                "success",
            )
            for name, count in report["ended"]:
                flash(deactivated_message(name, count), "info")
            return redirect(url_for("sla.config_page"))
    return render_template("sla/admin/config.html", problems=problems), 422
