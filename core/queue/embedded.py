"""The embedded backend (no ``NHIP_REDIS_URL``): jobs run in this process.

- ``enqueue`` hands the job to the process's one background thread (the *runner*), which runs
  jobs one after the other in the application that queued them; ``drain`` waits until it has
  nothing left to do (tests).
- ``schedule_at`` keeps the job in the application's in-memory schedule (a heap by instant);
  the *embedded loop* (``EmbeddedLoop``, started by ``nhip run``) looks every second for jobs
  that are due and hands them to the runner, then runs the periodic tasks whose interval has
  passed (the same code as ``nhip worker``, see ``core.queue.periodic``).
- A job queued with ``retry=N`` is tried again up to N times on the runner, after a short
  pause (``BACKOFF``).

Nothing here survives a restart: scheduled jobs live in memory. That is the design's bargain
(the database is the truth; the sweep, a periodic task, schedules again what is due), and why
a production site with several server processes uses Redis and ``nhip worker`` instead.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from queue import SimpleQueue
from typing import Any

from flask import Flask

from core.queue import periodic
from core.queue.jobs import run

log = logging.getLogger("nhip.queue")

#: seconds to wait before each retry of a failing job (the last one repeats)
BACKOFF = (0.2, 1.0, 3.0)
#: how often the embedded loop looks for due jobs and periodic tasks
TICK_SECONDS = 1.0
#: failures kept for the jobs page
RECENT_FAILURES = 50
STATE_KEY = "nhip_queue_embedded"


@dataclass
class EmbeddedJob:
    """A job handed to the runner."""

    app: Flask
    func: str
    args: tuple[Any, ...]
    job_id: str | None = None
    retry: int = 0
    queue: str = "default"
    canceled: bool = False


@dataclass(frozen=True)
class ScheduledJob:
    """A job waiting in memory for its instant."""

    when: datetime
    job_id: str
    func: str
    args: tuple[Any, ...]
    queue: str = "default"


@dataclass(frozen=True)
class FailedJob:
    """A job that failed its last attempt: what the jobs page shows."""

    job_id: str | None
    func: str
    args: tuple[Any, ...]
    queue: str
    error: str
    at: datetime
    key: str = field(default_factory=lambda: uuid.uuid4().hex)  # names it on the jobs page


@dataclass
class EmbeddedState:
    """One application's schedule, pending jobs (by id, to cancel them) and recent failures."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    heap: list[tuple[datetime, int, str]] = field(default_factory=list)
    scheduled: dict[str, tuple[int, ScheduledJob]] = field(default_factory=dict)
    pending: dict[str, EmbeddedJob] = field(default_factory=dict)
    failures: deque[FailedJob] = field(default_factory=lambda: deque(maxlen=RECENT_FAILURES))
    loop: EmbeddedLoop | None = None
    sequence: itertools.count = field(default_factory=itertools.count)

    def schedule(self, job: ScheduledJob) -> None:
        """Keep ``job`` until its instant; one already kept under its id is moved."""
        with self.lock:
            number = next(self.sequence)
            self.scheduled[job.job_id] = (number, job)
            heapq.heappush(self.heap, (job.when, number, job.job_id))

    def unschedule(self, job_id: str) -> bool:
        """Forget the scheduled job ``job_id``; whether there was one."""
        with self.lock:
            return self.scheduled.pop(job_id, None) is not None

    def pop_due(self, now: datetime) -> list[ScheduledJob]:
        """Take out every job whose instant is ``now`` or earlier, earliest first."""
        due = []
        with self.lock:
            while self.heap and self.heap[0][0] <= now:
                _when, number, job_id = heapq.heappop(self.heap)
                kept = self.scheduled.get(job_id)
                if kept is not None and kept[0] == number:  # not moved nor cancelled since
                    del self.scheduled[job_id]
                    due.append(kept[1])
        return due

    def waiting(self) -> list[ScheduledJob]:
        """The scheduled jobs, earliest first."""
        with self.lock:
            return sorted((job for _n, job in self.scheduled.values()), key=lambda j: j.when)


_states_lock = threading.Lock()


def state_of(app: Flask) -> EmbeddedState:
    """The embedded state of ``app`` (created on first use)."""
    with _states_lock:
        return app.extensions.setdefault(STATE_KEY, EmbeddedState())


def reset(app: Flask) -> None:
    """Forget ``app``'s scheduled jobs, pending ids and failures (tests)."""
    state = state_of(app)
    with state.lock:
        state.heap.clear()
        state.scheduled.clear()
        for job in state.pending.values():
            job.canceled = True
        state.pending.clear()
        state.failures.clear()


class Runner:
    """The process's one background thread running embedded jobs in order."""

    def __init__(self) -> None:
        self._jobs: SimpleQueue[EmbeddedJob] = SimpleQueue()
        self._idle = threading.Condition()
        self._unfinished = 0
        self._thread: threading.Thread | None = None

    def submit(self, job: EmbeddedJob) -> None:
        """Queue ``job``; the thread starts on first use (and again if it ever died)."""
        if job.job_id:
            state = state_of(job.app)
            with state.lock:
                state.pending[job.job_id] = job
        with self._idle:
            self._unfinished += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="nhip-jobs", daemon=True)
                self._thread.start()
        self._jobs.put(job)

    def drain(self, timeout: float) -> bool:
        """Wait until every submitted job (and the jobs they queued) is done; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job.job_id:
                    state = state_of(job.app)
                    with state.lock:
                        if state.pending.get(job.job_id) is job:
                            del state.pending[job.job_id]
                if not job.canceled:
                    attempt(job)
            finally:
                with self._idle:
                    self._unfinished -= 1
                    if self._unfinished == 0:
                        self._idle.notify_all()


def attempt(job: EmbeddedJob) -> bool:
    """Run ``job``, trying again after a pause up to ``job.retry`` times; whether it succeeded.

    Never raises: the last failure is logged with its traceback and kept for the jobs page.
    """
    for number in range(job.retry + 1):
        try:
            run(job.app, job.func, job.args)
            return True
        except Exception as exc:  # noqa: BLE001 - a job's failure must not stop the runner
            if number < job.retry:
                pause = BACKOFF[min(number, len(BACKOFF) - 1)]
                log.warning(
                    "job %s (%s) failed (%s: %s); attempt %d of %d in %.1f s",
                    job.job_id or "(no id)",
                    job.func,
                    type(exc).__name__,
                    exc,
                    number + 2,
                    job.retry + 1,
                    pause,
                )
                time.sleep(pause)
                continue
            log.exception("job %s (%s) failed", job.job_id or "(no id)", job.func)
            failure = FailedJob(
                job.job_id,
                job.func,
                job.args,
                job.queue,
                f"{type(exc).__name__}: {exc}",
                datetime.now(UTC),
            )
            state_of(job.app).failures.appendleft(failure)
    return False


runner = Runner()


def enqueue(
    app: Flask, func: str, args: Sequence[Any], job_id: str | None, retry: int, queue: str
) -> None:
    """Hand ``func(*args)`` to the runner thread."""
    runner.submit(EmbeddedJob(app, func, tuple(args), job_id, retry, queue))


def schedule_at(
    app: Flask, when: datetime, func: str, args: Sequence[Any], job_id: str, queue: str
) -> None:
    """Keep ``func(*args)`` in ``app``'s schedule until ``when`` (moving one of the same id)."""
    state_of(app).schedule(ScheduledJob(when, job_id, func, tuple(args), queue))


def cancel(app: Flask, job_id: str) -> None:
    """Forget the scheduled job ``job_id``, or skip it if it waits for the runner."""
    state = state_of(app)
    state.unschedule(job_id)
    with state.lock:
        job = state.pending.pop(job_id, None)
    if job is not None:
        job.canceled = True


class EmbeddedLoop:
    """Every ``TICK_SECONDS``: hand due scheduled jobs to the runner, queue due periodic tasks.

    ``every`` overrides every periodic task's interval (``NHIP_PERIODIC_SECONDS``).
    """

    def __init__(self, app: Flask, every: float | None = None) -> None:
        self.app = app
        self.every = every
        self.claims = periodic.LocalClaims()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self, now: datetime | None = None) -> list[str]:
        """One round (the thread calls it every second; tests call it with ``now``).

        Returns the ids of the scheduled jobs and the names of the periodic tasks it queued.
        """
        now = now or datetime.now(UTC)
        queued = []
        for job in state_of(self.app).pop_due(now):
            enqueue(self.app, job.func, job.args, job.job_id, 0, job.queue)
            queued.append(job.job_id)
        queued += periodic.run_due(self.app, self.claims, self.every, now.timestamp())
        return queued

    def start(self) -> None:
        """Run ``tick`` every second on a daemon thread until ``stop``."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="nhip-loop", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (after its current round)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - a bad round (database away) must not end the loop
                log.exception("embedded queue loop: round failed")
            if self._stop.wait(TICK_SECONDS):
                return


def start_loop(app: Flask, every: float | None = None) -> EmbeddedLoop:
    """Start ``app``'s embedded loop (once; a second call returns the running one)."""
    state = state_of(app)
    with state.lock:
        if state.loop is None:
            state.loop = EmbeddedLoop(app, every)
        loop = state.loop
    loop.start()
    return loop
