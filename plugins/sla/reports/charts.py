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
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
    colors=("#0d6efd", "#dc3545", "#fd7e14", "#198754"),
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)
OPTIONS = {
    "style": STYLE,
    "js": [],  # else the SVG loads a script from the internet
    "width": 720,
    "height": 360,
    "disable_xml_declaration": False,
    "print_values": False,
    "no_data_text": "",
    "legend_at_bottom": True,
    "truncate_label": 40,
    "truncate_legend": 40,
}


def _percent(row: Row) -> float | None:
    value = row.tally.compliance
    return None if value is None else round(value * 100, 1)


def trend(rows: list[Row]) -> str:
    """Compliance (percent) of each week of the period."""
    chart = pygal.Line(title=_("Compliance by week"), range=(0, 100), show_dots=True, **_options())
    chart.x_labels = [r.label for r in rows]
    chart.add(_("Compliance (%)"), [_percent(r) for r in rows])
    return _svg(chart)


def departments(rows: list[Row]) -> str:
    """Compliance (percent) of each department."""
    chart = pygal.HorizontalBar(title=_("Compliance by department"), range=(0, 100), **_options())
    chart.x_labels = [r.label for r in rows]
    chart.add(_("Compliance (%)"), [_percent(r) for r in rows])
    return _svg(chart)


def breaches(rows: list[Row]) -> str:
    """Breached (still open) and met-late clocks of each target."""
    rows = [r for r in rows if r.tally.breached or r.tally.met_late]
    chart = pygal.Bar(title=_("Breaches by target"), x_label_rotation=20, **_options())
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
