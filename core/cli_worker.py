"""``nhip worker``: run queued, scheduled and periodic jobs from Redis (see ``core.queue``)."""

from __future__ import annotations

import logging

import click
import redis

from core.cli import cli

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@cli.command("worker")
@click.option("--burst", is_flag=True, help="Work until the queues are empty, then exit.")
@click.option(
    "--queues",
    default="default",
    show_default=True,
    help="Comma-separated queue names to work, in priority order.",
)
@click.option(
    "--periodic-every",
    "--sweep-every",
    "periodic_every",
    type=click.FloatRange(min=0, min_open=True),
    envvar=["NHIP_PERIODIC_SECONDS", "NHIP_SWEEP_SECONDS"],
    help="Run every periodic task (the SLA sweep among them) every SECONDS instead of at its "
    "own interval (60 s for the sweep). Also NHIP_PERIODIC_SECONDS.",
    metavar="SECONDS",
)
@click.option(
    "--fork-per-job",
    is_flag=True,
    envvar="NHIP_WORKER_FORK_PER_JOB",
    help="Run each job in a forked child process (RQ's forking worker) instead of in the "
    "worker's own process: a crash or leak of a job ends with its child, at the cost of a "
    "fork, a new database connection and a cold start per job. Also "
    "NHIP_WORKER_FORK_PER_JOB=1.",
)
@click.option(
    "--max-jobs",
    type=click.IntRange(min=1),
    help="Exit after running N jobs (for a process supervisor to start a fresh worker).",
    metavar="N",
)
@click.pass_context
def worker_command(
    ctx: click.Context,
    burst: bool,
    queues: str,
    periodic_every: float | None,
    fork_per_job: bool,
    max_jobs: int | None,
) -> None:
    """Run an RQ worker with its scheduler and the plugins' periodic tasks (needs Redis).

    Run as many as you like, on as many machines, against one NHIP_REDIS_URL: each job runs
    once, and each periodic task at most once per interval across all of them. Jobs run one
    after the other in the worker's process unless --fork-per-job is given.
    """
    from core.app import create_app
    from core.config import load_settings
    from core.queue.worker import run_worker

    settings = load_settings()
    if not settings.redis_url:
        click.echo(
            "nhip: no NHIP_REDIS_URL: in the embedded mode `nhip run` runs the jobs itself "
            "and needs no worker",
            err=True,
        )
        ctx.exit(2)
    names = [name.strip() for name in queues.split(",") if name.strip()]
    if not names:
        raise click.BadParameter("name at least one queue", param_hint="--queues")
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    app = create_app(settings)
    try:
        run_worker(
            app,
            names,
            burst=burst,
            every=periodic_every,
            fork_per_job=fork_per_job,
            max_jobs=max_jobs,
        )
    except redis.ConnectionError as exc:
        click.echo(f"nhip: Redis unavailable (NHIP_REDIS_URL): {exc}", err=True)
        ctx.exit(1)
