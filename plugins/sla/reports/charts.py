"""The report's charts, drawn on the server as SVG by pygal (no script, no web font).

Three charts, each from the same figures as the tables: compliance by week (a line), compliance
by department (horizontal bars), breaches by target (bars: breached now and met late). Titles
and series are in the viewer's language; compliance is in percent (0 to 100).
"""

from __future__ import annotations

import re
import sys

import pygal
from flask_babel import gettext as _
from pygal.style import Style

from plugins.sla.reports.figures import Row

# pygal appends a finder of the old kind (for its map plugins, unused here) to sys.meta_path:
# every later import that reaches it warns (ImportWarning), an error under the tests' -W error
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__module__ != "pygal"]

CHARTS = ("trend", "departments", "breaches")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
BLUE, RED, AMBER = "#0d6efd", "#dc3545", "#fd7e14"
OPTIONS = {
    "js": [],  # else the SVG loads a script from the internet
    "width": 720,
    "print_values": False,
    "legend_at_bottom": True,
    "truncate_label": 48,
    "truncate_legend": 40,
}


def _style(*colors: str) -> Style:
    return Style(
        background="transparent",
        plot_background="transparent",
        font_family=FONT,
        colors=colors,
        title_font_size=16,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=12,
    )


def _height(bars: int) -> int:
    """Room for each bar of a horizontal chart (its label beside it)."""
    return max(240, 110 + 34 * bars)


def _percent(row: Row) -> float | None:
    value = row.tally.compliance
    return None if value is None else round(value * 100, 1)


def trend(rows: list[Row]) -> str:
    """Compliance (percent) of each week of the period, weeks named ``W45``."""
    chart = pygal.Line(
        title=_("Compliance by week"),
        range=(0, 100),
        height=320,
        x_label_rotation=30 if len(rows) > 8 else 0,
        style=_style(BLUE),
        **_options(),
    )
    chart.x_labels = [r.label.rpartition("-")[2] for r in rows]
    chart.add(_("Compliance (%)"), [_percent(r) for r in rows])
    return _svg(chart)


def departments(rows: list[Row]) -> str:
    """Compliance (percent) of each department (the first on top)."""
    rows = rows[::-1]  # pygal draws horizontal bars from the bottom
    chart = pygal.HorizontalBar(
        title=_("Compliance by department"),
        range=(0, 100),
        height=_height(len(rows)),
        style=_style(BLUE),
        **_options(),
    )
    chart.x_labels = [r.label for r in rows]
    chart.add(_("Compliance (%)"), [_percent(r) for r in rows])
    return _svg(chart)


def breaches(rows: list[Row]) -> str:
    """Breached (still open) and met-late clocks of each target (the first on top)."""
    rows = [r for r in rows if r.tally.breached or r.tally.met_late][::-1]
    chart = pygal.HorizontalBar(
        title=_("Breaches by target"),
        height=_height(2 * len(rows)),
        style=_style(RED, AMBER),
        **_options(),
    )
    chart.x_labels = [r.label for r in rows]
    chart.add(_("Breached"), [r.tally.breached for r in rows])
    chart.add(_("Met late"), [r.tally.met_late for r in rows])
    return _svg(chart)


SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def _svg(chart) -> str:
    """The chart's SVG without pygal's inline script (its tooltips' configuration): the charts
    are shown as images, where scripts never run anyway."""
    return SCRIPT.sub("", chart.render(is_unicode=True))


def _options() -> dict:
    return {**OPTIONS, "no_data_text": _("No data for this period")}
