"""``nhip sla backtest FILE --since DATE``: the file's document read as the import reads it,
the period, and the table."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.db import utcnow
from core.models.users import DEFAULT_TIMEZONE
from plugins.sla.backtest.document import draft_from_file
from plugins.sla.backtest.period import read_period
from plugins.sla.backtest.run import backtest
from plugins.sla.backtest.table import text_table
from plugins.sla.config_store import ConfigError
from plugins.sla.switches import trackable_type


def backtest_file(
    content: bytes, since: str, until: str | None, name: str | None
) -> tuple[list[str], list[str]]:
    """The table's lines for a file's ``content``, or the problems that stop the backtest
    (each with its place). Dates are days in the company's time zone."""
    zone = ZoneInfo(DEFAULT_TIMEZONE)
    period, problems = read_period(since, until, utcnow().astimezone(zone).date(), zone)
    problems = [f"--{p}" for p in problems]
    try:
        draft = draft_from_file(content, name)
    except ConfigError as exc:
        return [], [*exc.problems, *problems]
    if problems:
        return [], problems
    entity = trackable_type(draft.policy["entity"])
    return text_table(backtest(entity, draft, period)), []
