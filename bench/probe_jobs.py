"""A variant of the escalation job for the throughput benchmark's what-if (not a benchmark).

``fire_frozen`` is ``plugins.sla.escalation.job.fire`` preceded by ``gc.freeze()``: in the
forked work horse of ``nhip worker`` the objects inherited from the parent are then left out
of the garbage collector's passes, so a full collection no longer walks (and copies, page by
page) the parent's whole heap. Workers import it as ``probe_jobs.fire_frozen`` with
``PYTHONPATH=bench``; ``BENCH_WHATIF=1`` makes ``bench_escalation_throughput.py`` run it.
"""

import gc


def fire_frozen(clock_id: int, version: int | None = None) -> int:
    """A job: freeze the inherited heap out of the collector, then fire the clock."""
    from plugins.sla.escalation.job import fire

    gc.freeze()
    return fire(clock_id, version)
