"""A backtest as a plain-text table (``nhip sla backtest``)."""

from __future__ import annotations

from flask_babel import gettext as _

from plugins.sla.backtest.outcomes import RESULTS, outcome_label
from plugins.sla.backtest.run import Backtest, Breaches


def percent(value: float | None) -> str:
    """Compliance as people read it ("66.7 %"), "—" when nothing was counted."""
    return "—" if value is None else f"{value * 100:.1f} %"


def text_table(result: Backtest) -> list[str]:
    """The lines of the table: compliance and outcomes, breaches by department and person,
    and the changed outcomes."""
    period = result.period
    lines = [
        _(
            "Backtest of policy %(policy)s on %(type)s (%(key)s), %(first)s to %(last)s",
            policy=result.policy,
            type=result.entity.label_plural,
            key=result.entity.key,
            first=period.first.isoformat(),
            last=period.last.isoformat(),
        ),
        _(
            "%(found)d record(s) created in the period, %(n)d replayed.",
            found=result.found,
            n=result.replayed,
        ),
    ]
    if result.capped:
        lines.append(_("Only the first %(n)d records were replayed.", n=result.replayed))
    if not result.active:
        lines.append(_("This draft is not in use: it starts no clock."))
    if result.problem:
        lines.append(_("The draft failed on some records: %(problem)s", problem=result.problem))
    rows = [
        (_("Compliance rate"), percent(result.actual.compliance), percent(result.draft.compliance))
    ]
    rows += [
        (outcome_label(r), str(result.actual.counts[r]), str(result.draft.counts[r]))
        for r in RESULTS
    ]
    rows.append(
        (_("Escalation levels reached"), str(result.actual.levels), str(result.draft.levels))
    )
    lines += ["", *_columns((_("Outcome"), _("Actual"), _("Draft")), rows)]
    for title, breaches in (
        (_("Breaches by department"), result.departments),
        (_("Breaches by employee"), result.people),
    ):
        lines += ["", *_columns((title, _("Actual"), _("Draft")), _breach_rows(breaches))]
    lines += ["", _("Changed outcomes: %(n)d", n=result.changed)]
    for change in result.changes:
        lines.append(
            f"  #{change.record_id} {change.title} — {change.target}: "
            f"{outcome_label(change.actual)} → {outcome_label(change.draft)}"
        )
    if result.changed > len(result.changes):
        lines.append("  " + _("… and %(n)d more", n=result.changed - len(result.changes)))
    return lines


def _breach_rows(breaches: list[Breaches]) -> list[tuple[str, str, str]]:
    return [(b.name or _("nobody"), str(b.actual), str(b.draft)) for b in breaches] or [
        (_("none"), "0", "0")
    ]


def _columns(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    return [
        "  ".join(
            str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(max(widths[i], 8))
            for i, cell in enumerate(row)
        ).rstrip()
        for row in (header, *rows)
    ]
