"""``nhip plugin new NAME``: a skeleton that loads as a plugin straight away."""

import tomllib

from click.testing import CliRunner
from plugin_kit import build_app, states

from core.cli import cli
from core.setup import init_instance


def test_the_skeleton_is_a_package_with_an_entry_point(tmp_path):
    result = CliRunner().invoke(cli, ["plugin", "new", "car_rental", "--path", str(tmp_path)])
    assert result.exit_code == 0, result.output
    root = tmp_path / "nhip-car-rental"
    assert result.output.splitlines()[0] == f"created {root}"
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["nhip.plugins"] == {"car_rental": "nhip_car_rental"}
    assert (root / "src" / "nhip_car_rental" / "migrations").is_dir()
    assert (root / "tests" / "test_car_rental.py").exists()


def test_the_skeleton_loads_and_declares_its_role(tmp_path, fresh_database_url, request):
    CliRunner().invoke(cli, ["plugin", "new", "car_rental", "--path", str(tmp_path)])
    source = tmp_path / "nhip-car-rental" / "src"
    app = build_app(tmp_path, fresh_database_url, source, request)
    init_instance(app)
    assert states(app)["car_rental"] == ("enabled", "")
    with app.test_request_context():
        from core.auth.access import roles_catalog

        role = roles_catalog()["car_rental_user"]
    assert role.permissions == {"car_rental.read", "car_rental.write"}


def test_a_bad_name_or_an_existing_folder_is_refused(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli, ["plugin", "new", "Car-Rental", "--path", str(tmp_path)])
    assert bad.exit_code == 1 and "is not a plugin name" in bad.output
    runner.invoke(cli, ["plugin", "new", "fleet", "--path", str(tmp_path)])
    again = runner.invoke(cli, ["plugin", "new", "fleet", "--path", str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.output
