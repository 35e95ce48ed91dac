"""The escalation ladder: which levels of a clock are due, the job that fires them exactly
once, the sweep that catches up what the queue lost, and the runners of the level's actions.

It sits above ``plugins.sla.clocks`` (which calls ``schedule.plan`` whenever a clock's next due
instant changes) and below ``plugins.sla.plugin``.
"""
