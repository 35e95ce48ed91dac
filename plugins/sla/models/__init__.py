"""The SLA plugin's tables: calendars, policies (versioned) with targets, clocks, switches,
escalations and incidents."""

from plugins.sla.models.calendar import Calendar
from plugins.sla.models.clock import Clock, ClockEvent
from plugins.sla.models.draft import PolicyDraft
from plugins.sla.models.escalation import Escalation, Incident
from plugins.sla.models.policy import Policy, PolicyVersion, Target
from plugins.sla.models.switch import ModuleSwitch

__all__ = [
    "Calendar",
    "Clock",
    "ClockEvent",
    "Escalation",
    "Incident",
    "ModuleSwitch",
    "Policy",
    "PolicyDraft",
    "PolicyVersion",
    "Target",
]
