"""Set-up shared by the benchmarks that run on the demo company (not a benchmark itself).

- ``demo_database(folder)``: a SQLite file holding ``nhip init --demo`` (about two minutes
  to build on a loaded machine). ``BENCH_DEMO_DB=<file>`` reuses a demo database built
  before (it is copied, never changed), and ``BENCH_DEMO_KEEP=<file>`` keeps the one built;
  ``BENCH_DEMO_CACHE=<file>`` does both (``make bench`` sets it to a file of its own run, so
  the benchmarks after the first reuse the demo built by the first).
- ``demo_app(folder, database_file)``: an application on a copy of that file (test settings:
  CSRF off), ready for Flask's test client.
- ``tracking_off(app, entity)``: switch SLA tracking off for a record type (its clocks are
  cancelled, as an admin's switch does), to compare the same data with and without SLA.
- ``admin_id(app)``: the demo's administrator, to log the test client in.
- ``interleaved(rounds, cases)``: times each case once per round, in alternating order, and
  returns the median of each (ms); ``timed_rounds`` gives the times themselves and
  ``paired_ratio`` the median of the rounds' ratios of two cases.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sla_bench_env import median  # noqa: E402

SALES_ORDER = "orders.sales_order"


def demo_database(folder: Path) -> Path:
    """A demo company's SQLite file (built here unless ``BENCH_DEMO_DB`` names one)."""
    from core.setup import init_instance
    from core.testing import make_app

    given = os.environ.get("BENCH_DEMO_DB")
    if given:
        return Path(given)
    cache = os.environ.get("BENCH_DEMO_CACHE")
    if cache and Path(cache).is_file():
        return Path(cache)
    instance = folder / "demo-build"
    instance.mkdir()
    path = instance / "demo.sqlite3"
    started = time.perf_counter()
    app = make_app(instance, f"sqlite:///{path}")
    init_instance(app, demo=True)
    with app.app_context():
        from core.db import db

        db.session.remove()
        db.engine.dispose()
    print(f"   demo company built in {time.perf_counter() - started:.0f} s")
    for keep in (os.environ.get("BENCH_DEMO_KEEP"), cache):
        if keep:
            shutil.copyfile(path, keep)
    return path


def demo_app(folder: Path, database_file: Path, name: str):
    """An application on a private copy of ``database_file`` (instance ``folder/name``)."""
    from core.testing import make_app

    instance = folder / name
    instance.mkdir()
    copy = instance / "demo.sqlite3"
    shutil.copyfile(database_file, copy)
    return make_app(instance, f"sqlite:///{copy}")


def tracking_off(app, entity: str = SALES_ORDER) -> int:
    """Switch SLA tracking off for ``entity`` (its clocks cancelled); how many were."""
    from core.db import db
    from plugins.sla.switches import set_tracking

    with app.app_context():
        cancelled = set_tracking(entity, False)
        db.session.commit()
        return cancelled


def admin_id(app) -> int:
    """The id of the demo's first administrator."""
    from core.db import db
    from core.models import User

    with app.app_context():
        users = db.session.execute(db.select(User).order_by(User.id)).scalars()
        return next(u.id for u in users if "admin" in u.roles)


def logged_in_client(app, user_id: int):
    """A test client whose session belongs to ``user_id``."""
    from core.testing import login_as

    client = app.test_client()
    login_as(client, user_id)
    return client


def interleaved(rounds: int, cases: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Each case timed once per round, the order reversed every other round; medians in ms."""
    times = timed_rounds(rounds, cases)
    return {name: median(values) for name, values in times.items()}


def timed_rounds(rounds: int, cases: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Each case timed once per round, the order reversed every other round: each case's
    times in ms, round by round."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    for number in range(rounds):
        for name in names if number % 2 == 0 else reversed(names):
            started = time.perf_counter()
            cases[name]()
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def paired_ratio(times: dict[str, list[float]], top: str, bottom: str) -> float:
    """The median of the rounds' ratios ``top / bottom`` (``timed_rounds``): the two cases of
    a round run one after the other, so a slow spell of a shared machine, which lifts both,
    cancels out of each round's ratio."""
    return median([a / b for a, b in zip(times[top], times[bottom], strict=True)])
