"""SLA admin pages: tracking switches per module, calendars, policies, preview, configuration
as code, backtesting a policy. Every page needs ``sla.admin``."""

from plugins.sla.admin import (  # noqa: F401
    backtest,
    calendars,
    config_files,
    draft_pages,
    policies,
    preview,
    switches,
)
