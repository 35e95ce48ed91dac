"""The SLA plugin's blueprint: its templates, and the admin pages registered on it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint(
    "sla",
    __name__,
    url_prefix="/sla",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)


@bp.app_template_global("sla_duration")
def sla_duration(minutes: float) -> str:
    """Working time as "2h 10m" in the viewer's language (for SLA templates)."""
    from plugins.sla.badges import duration

    return duration(minutes)


@bp.app_template_filter("sla_problem")
def sla_problem(problem: str) -> str:
    """A configuration problem ("place: what is wrong") in the viewer's language."""
    from plugins.sla.problem_words import problem_text

    return problem_text(problem)


from plugins.sla import admin, excuse_pages  # noqa: E402,F401  (pages register on the blueprint)
from plugins.sla.reports import pages  # noqa: E402,F401  (the report pages, their CSV and charts)
