"""The host's own tables: users and tokens, plugin states, the audit trail, notifications."""

from core.models.audit import AuditEntry
from core.models.notifications import Notification
from core.models.plugin_state import PluginState
from core.models.users import ApiToken, User, UserRole

__all__ = ["ApiToken", "AuditEntry", "Notification", "PluginState", "User", "UserRole"]
