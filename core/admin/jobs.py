"""The "Background jobs" page: each queue's waiting, scheduled, running and failed jobs, and a
button to run a failed job again (a form with its CSRF token, unlike rq-dashboard's)."""

from __future__ import annotations

import redis
from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from core.admin import bp
from core.auth import requires
from core.queue.overview import overview, retry


@bp.get("/jobs")
@requires("core.admin")
def jobs():
    """The jobs of every queue, from Redis or from this process (embedded mode)."""
    app = current_app._get_current_object()
    return render_template("admin/jobs.html", view=overview(app), settings=app.config["NHIP"])


@bp.post("/jobs/<job_id>/retry")
@requires("core.admin")
def retry_job(job_id: str):
    """Put the failed job ``job_id`` back on its queue."""
    try:
        done = retry(current_app._get_current_object(), job_id)
    except redis.RedisError:
        flash(_("Redis cannot be reached: the job was not retried."), "danger")
        return redirect(url_for("admin.jobs"))
    if done:
        flash(_("The job %(id)s is queued again.", id=job_id), "success")
    else:
        flash(_("The job %(id)s is no longer among the failed jobs.", id=job_id), "warning")
    return redirect(url_for("admin.jobs"))
