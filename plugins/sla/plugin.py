"""SLA: working-time calendars, policies, clocks, badges and escalations for every entity type."""

from core import Manifest

manifest = Manifest(
    name="sla",
    version="0.1.0",
    label="SLA",
    description="Working-time deadlines, badges and escalations on the records of every module.",
    core=">=0.1,<1",
)
