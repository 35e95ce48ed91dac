"""Migrations: an Alembic branch per plugin; upgrading and ``nhip init`` never lose data."""

import re

from plugin_kit import build_app, run_cli, write_parcels, write_plugin
from sqlalchemy import inspect, text

from core.db import db
from core.plugin_states import read_states
from core.setup import init_instance


def _with_boxes(app, *labels):
    with app.app_context():
        for label in labels:
            db.session.execute(text("insert into parcels_box (label) values (:l)"), {"l": label})
        db.session.commit()


def _boxes(app):
    with app.app_context():
        return db.session.execute(text("select id, label from parcels_box order by id")).all()


def _columns(app, table):
    with app.app_context():
        return {c["name"] for c in inspect(db.engine).get_columns(table)}


def _version_rows(app):
    with app.app_context():
        return sorted(db.session.execute(text("select version_num from alembic_version")).scalars())


def test_db_upgrade_to_a_new_plugin_version_keeps_every_row(tmp_path, fresh_database_url, request):
    plugins = tmp_path / "plugins"
    write_parcels(plugins, version=1)
    v1 = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(v1)
    _with_boxes(v1, "A-1", "A-2", "B-7")
    before = _boxes(v1)

    write_parcels(plugins, version=2)
    v2 = build_app(tmp_path, fresh_database_url, plugins, request)
    result = run_cli(v2, "db", "upgrade")

    assert result.exit_code == 0, result.output
    assert "parcels" in result.output
    assert _boxes(v2) == before
    assert "weight_grams" in _columns(v2, "parcels_box")
    assert "parcels_0002" in _version_rows(v2)
    with v2.app_context():
        assert read_states()["parcels"].installed_version == "2.0"


def test_init_on_an_existing_instance_upgrades_without_losing_data(
    tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    write_parcels(plugins, version=1)
    v1 = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(v1)
    _with_boxes(v1, "A-1", "A-2")

    write_parcels(plugins, version=2)
    v2 = build_app(tmp_path, fresh_database_url, plugins, request)
    result = run_cli(v2, "init")

    assert result.exit_code == 0, result.output
    assert "enabled plugins" not in result.output
    assert [label for _id, label in _boxes(v2)] == ["A-1", "A-2"]
    assert "weight_grams" in _columns(v2, "parcels_box")


def test_init_twice_changes_nothing_the_second_time(tmp_path, fresh_database_url, request):
    plugins = tmp_path / "plugins"
    write_parcels(plugins)
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    first = run_cli(app, "init")
    assert first.exit_code == 0, first.output
    assert "enabled plugins:" in first.output
    _with_boxes(app, "A-1")
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        enabled = {n for n, s in read_states().items() if s.enabled}
    versions = _version_rows(app)

    second = run_cli(app, "init")

    assert second.exit_code == 0, second.output
    assert "enabled plugins" not in second.output
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) == tables
        assert {n for n, s in read_states().items() if s.enabled} == enabled
    assert _version_rows(app) == versions
    assert [label for _id, label in _boxes(app)] == ["A-1"]


def test_each_plugin_has_its_own_branch(tmp_path, fresh_database_url, request):
    plugins = tmp_path / "plugins"
    write_parcels(plugins, version=2)
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(app)
    from core.migrate import branches

    assert {"core", "parcels"} <= branches(app)
    assert "parcels_0002" in _version_rows(app)


def test_db_revision_starts_a_plugin_branch_then_continues_it(
    tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    package = write_plugin(plugins, "lockers", package=True)
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(app)

    first = run_cli(app, "db", "revision", "lockers", "-m", "lockers tables", "--empty")
    assert first.exit_code == 0, first.output
    first_path = first.output.strip().splitlines()[-1]
    assert first_path.startswith(str(package / "migrations"))
    source = open(first_path, encoding="utf-8").read()
    assert 'branch_labels = ("lockers",)' in source
    assert re.search(r"^down_revision = None", source, re.M)
    first_id = re.search(r"^revision = ['\"](\w+)['\"]", source, re.M).group(1)

    second = run_cli(app, "db", "revision", "lockers", "-m", "locker sizes", "--empty")
    assert second.exit_code == 0, second.output
    source = open(second.output.strip().splitlines()[-1], encoding="utf-8").read()
    assert re.search(rf"^down_revision = ['\"]{first_id}['\"]", source, re.M)

    upgraded = run_cli(app, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert "lockers" in upgraded.output


def test_a_plugin_in_error_does_not_stop_the_others_upgrading(
    tmp_path, fresh_database_url, request
):
    plugins = tmp_path / "plugins"
    package = write_parcels(plugins)
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(app)
    _with_boxes(app, "A-1")
    with open(package / "__init__.py", "a", encoding="utf-8") as handle:
        handle.write("\nraise ImportError('half installed')\n")

    broken = build_app(tmp_path, fresh_database_url, plugins, request, strict=False)
    result = run_cli(broken, "init")

    assert result.exit_code == 0, result.output
    assert [label for _id, label in _boxes(broken)] == ["A-1"]
    assert "parcels_0001" in _version_rows(broken)


def test_a_removed_plugin_s_revisions_are_named_in_one_line(tmp_path, fresh_database_url, request):
    import shutil

    plugins = tmp_path / "plugins"
    package = write_parcels(plugins)
    app = build_app(tmp_path, fresh_database_url, plugins, request)
    init_instance(app)
    shutil.rmtree(package)

    gone = build_app(tmp_path, fresh_database_url, plugins, request)
    result = run_cli(gone, "db", "upgrade")

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "nhip: the database holds revision 'parcels_0001', which no installed plugin provides "
        "(was plugin 'parcels' removed?); reinstall it, then upgrade again"
    )
    assert "Traceback" not in result.output
