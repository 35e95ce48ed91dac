"""Hooks the SLA plugin adds: other plugins may contribute escalation action types."""

from core.hookmarkers import hookspec


@hookspec
def sla_action_types():
    """Called when SLA configuration is validated and when an escalation level runs. Return a
    list of ``plugins.sla.escalation.actions.ActionType``: a ``name``, a ``label``,
    ``validate(config) -> [problems]`` and ``run(context, config) -> Outcome``.

    ``context`` (``plugins.sla.escalation.context.EscalationContext``) holds ``entity``,
    ``record``, ``clock``, ``escalation`` (the flushed firing row), ``percent`` (the level),
    ``now``, ``minutes_over`` (working minutes past the goal; negative: left), ``url`` and
    ``title`` of the record, and ``index`` (the action's place in the level). ``run`` works
    inside the firing transaction: change records through ``core.records`` with
    ``commit=False``, never commit, and send work that leaves the database with
    ``core.records.after_commit``. It returns an ``Outcome`` with ``status`` ``done``,
    ``failed`` (and ``error``), ``no_recipient`` or ``queued``, and a ``detail`` dict; an
    exception is recorded as ``failed`` and the level's other actions still run."""
