"""``nhip plugin new NAME``: a skeleton that loads as a plugin straight away."""

import tomllib

from click.testing import CliRunner
from pytest_runs import passed, run_pytest

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
    run = run_pytest(tmp_path / "nhip-car-rental")
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(passed(run)) == 10, run.stdout  # five tests, each on SQLite and PostgreSQL
    assert "tests/test_car_rental.py::test_every_route_answers_every_role[postgresql]" in (
        passed(run)
    )


def test_a_bad_name_or_an_existing_folder_is_refused(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["plugin", "new", "Car-Rental", "--path", str(tmp_path)])
    assert bad.exit_code == 1 and "is not a plugin name" in bad.output
    runner.invoke(cli, ["plugin", "new", "fleet", "--path", str(tmp_path)])
    again = runner.invoke(cli, ["plugin", "new", "fleet", "--path", str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.output
