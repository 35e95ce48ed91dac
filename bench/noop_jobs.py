"""Jobs that do nothing: the baseline of the queue throughput benchmarks.

Not a benchmark itself (``make bench`` runs ``bench/bench_*.py`` only). Workers import it by
its dotted path ``noop_jobs.noop`` with ``PYTHONPATH=bench``.
"""


def noop(*_args: object) -> None:
    """A job: nothing at all."""
