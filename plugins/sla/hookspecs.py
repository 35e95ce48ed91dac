"""Hooks the SLA plugin adds: other plugins may contribute escalation action types."""

from core.hookmarkers import hookspec


@hookspec
def sla_action_types():
    """Called when SLA configuration is validated or an escalation runs. Return a list of
    ``plugins.sla.actions.ActionType`` (a name, a label, a ``validate(config) -> [messages]``
    and, for the escalation worker, a ``run(context, config)``)."""
