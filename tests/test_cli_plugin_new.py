"""``nhip plugin new NAME``: a skeleton that loads as a plugin straight away."""

import os
import subprocess
import sys
import tomllib

from click.testing import CliRunner

from core.cli import cli


def test_the_skeleton_is_a_package_with_an_entry_point(tmp_path):
    result = CliRunner().invoke(cli, ["plugin", "new", "car_rental", "--path", str(tmp_path)])
    assert result.exit_code == 0, result.output
    root = tmp_path / "nhip-car-rental"
    assert result.output.splitlines()[0] == f"created {root}"
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["nhip.plugins"] == {"car_rental": "nhip_car_rental"}
    migrations = root / "src" / "nhip_car_rental" / "migrations"
    assert (migrations / "car_rental_0001_tables.py").exists()
    assert (root / "tests" / "test_car_rental.py").exists()


def test_the_skeletons_own_tests_pass_with_nhips_pytest_plugin(tmp_path):
    """Run as its author would: ``pytest`` in the new folder, in a process of its own, with
    nothing but Nhịp installed (the fixtures come from Nhịp's ``pytest11`` entry points)."""
    CliRunner().invoke(cli, ["plugin", "new", "car_rental", "--path", str(tmp_path)])
    root = tmp_path / "nhip-car-rental"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NHIP_", "PYTEST_"))}
    for name in ("NHIP_TEST_DATABASE_URL", "NHIP_TEST_REDIS_URL"):
        if name in os.environ:
            env[name] = os.environ[name]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    passed = [line for line in run.stdout.splitlines() if line.startswith("PASSED ")]
    assert len(passed) == 10, run.stdout  # five tests, each on SQLite and PostgreSQL
    assert "test_every_route_answers_every_role[postgresql]" in run.stdout


def test_a_bad_name_or_an_existing_folder_is_refused(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["plugin", "new", "Car-Rental", "--path", str(tmp_path)])
    assert bad.exit_code == 1 and "is not a plugin name" in bad.output
    runner.invoke(cli, ["plugin", "new", "fleet", "--path", str(tmp_path)])
    again = runner.invoke(cli, ["plugin", "new", "fleet", "--path", str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.output
