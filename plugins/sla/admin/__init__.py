"""SLA admin pages: tracking switches per module, calendars, policies, preview, configuration
as code. Every page needs ``sla.admin``."""

from plugins.sla.admin import calendars, config_files, policies, preview, switches  # noqa: F401
