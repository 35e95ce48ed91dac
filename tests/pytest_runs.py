"""Running pytest on a plugin author's project in a process of its own, as its author would:
with nothing but Nhịp installed, the fixtures coming from Nhịp's ``pytest11`` entry points."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

#: the test services the child run uses too (PostgreSQL, Redis); every other NHIP_ and PYTEST_
#: setting of this run is left out
KEPT = ("NHIP_TEST_DATABASE_URL", "NHIP_TEST_REDIS_URL", "CI")
TIMEOUT = 600


def run_pytest(folder: Path) -> subprocess.CompletedProcess:
    """``python -m pytest -q -rA`` in ``folder``; its output has a ``PASSED name`` line per
    passed test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NHIP_", "PYTEST_", "CI"))}
    env.update({name: os.environ[name] for name in KEPT if name in os.environ})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def passed(run: subprocess.CompletedProcess) -> list[str]:
    """The ids of the tests the run passed (``tests/test_x.py::test_y[sqlite]``)."""
    return re.findall(r"^PASSED (\S+)", run.stdout, re.M)
