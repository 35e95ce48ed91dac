"""Settings: environment variables, ``<instance>/nhip.toml``, and one-line start-up errors."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.cli import cli
from core.config import VARIABLES, ConfigError, load_settings

NHIP = Path(sys.executable).parent / "nhip"


def settings(tmp_path, **env):
    return load_settings(environ={"NHIP_INSTANCE": str(tmp_path / "instance"), **env})


def bad_values(tmp_path):
    """One bad value per variable (files standing where folders are expected)."""
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    return {
        "NHIP_INSTANCE": [str(a_file)],
        "NHIP_DATABASE_URL": [
            "mysql://db.example.com/nhip",
            "not a url",
            "postgresql://db:port/nhip",
            "postgresql+asyncpg://db/nhip",
            f"sqlite:///{tmp_path}/missing-folder/nhip.sqlite3",
        ],
        "NHIP_REDIS_URL": ["http://cache:6379", "redis://cache:port/0", "redis://"],
        "NHIP_SECRET_KEY": ["short"],
        "NHIP_SMTP_URL": ["mail.example.com", "smtp://mail:port"],
        "NHIP_PLUGINS_DIR": [str(a_file)],
        "NHIP_SECURE_COOKIES": ["maybe"],
        "NHIP_SESSION_DAYS": ["two weeks", "0", "1000"],
        "NHIP_TRUSTED_PROXIES": ["x", "-1"],
        "NHIP_MAX_BODY": ["lots", "1G", "1.5M", "-1", "100", "2048M", "1²"],
        "NHIP_STRICT_PLUGINS": ["maybe"],
    }


def test_defaults_live_in_the_instance_folder(tmp_path):
    found = settings(tmp_path)
    instance = (tmp_path / "instance").resolve()
    assert found.instance == instance
    assert found.database_url == f"sqlite:///{instance / 'nhip.sqlite3'}"
    assert found.plugins_dir == instance / "plugins"
    assert found.redis_url is None and found.queue_mode == "embedded"
    assert found.smtp_url is None


def test_good_values_are_taken(tmp_path):
    found = settings(
        tmp_path,
        NHIP_DATABASE_URL="postgresql://nhip:secret@db.example.com:5432/nhip",
        NHIP_REDIS_URL="redis://cache:6379/2",
        NHIP_SECRET_KEY="k" * 32,
        NHIP_SMTP_URL="smtp://user:pw@mail.example.com:587",
        NHIP_PLUGINS_DIR=str(tmp_path / "addons"),
    )
    assert found.database_url == "postgresql+psycopg://nhip:secret@db.example.com:5432/nhip"
    assert found.redis_url == "redis://cache:6379/2" and found.queue_mode == "redis"
    assert found.secret_key == "k" * 32
    assert found.smtp_url == "smtp://user:pw@mail.example.com:587"
    assert found.plugins_dir == (tmp_path / "addons").resolve()


@pytest.mark.parametrize("variable", VARIABLES)
def test_each_bad_value_is_an_error_naming_its_variable(tmp_path, variable):
    for value in bad_values(tmp_path)[variable]:
        env = {"NHIP_INSTANCE": str(tmp_path / "instance"), variable: value}
        with pytest.raises(ConfigError) as caught:
            load_settings(environ=env)
        assert caught.value.variable == variable
        assert str(caught.value).startswith(f"{variable}: ")
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize("variable", VARIABLES)
def test_the_command_line_stops_with_one_line_and_exit_code_2(tmp_path, variable):
    env = {name: None for name in VARIABLES}
    env["NHIP_INSTANCE"] = str(tmp_path / "instance")
    env[variable] = bad_values(tmp_path)[variable][0]
    result = CliRunner().invoke(cli, ["plugins", "list"], env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"nhip: {variable}: ")
    assert "Traceback" not in result.output


def test_the_installed_command_reports_a_bad_setting_without_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env.update(NHIP_INSTANCE=str(tmp_path / "instance"), NHIP_REDIS_URL="http://cache")
    done = subprocess.run(
        [NHIP, "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "nhip: NHIP_REDIS_URL: 'http://cache' is not a redis://host:port/db URL"
    )
    assert done.stdout == ""


def test_values_come_from_nhip_toml(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "nhip.toml").write_text(
        'redis_url = "redis://cache:6379/0"\n'
        f'plugins_dir = "{tmp_path / "addons"}"\n'
        'secret_key = "from-the-file-0123456789"\n'
    )
    found = settings(tmp_path)
    assert found.redis_url == "redis://cache:6379/0"
    assert found.plugins_dir == (tmp_path / "addons").resolve()
    assert found.secret_key == "from-the-file-0123456789"


def test_the_environment_wins_over_the_file(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "nhip.toml").write_text('redis_url = "redis://file:6379/0"\n')
    found = settings(tmp_path, NHIP_REDIS_URL="redis://env:6379/1")
    assert found.redis_url == "redis://env:6379/1"


def test_a_bad_value_in_the_file_names_the_variable_and_the_file(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "nhip.toml").write_text('smtp_url = "mail.example.com"\n')
    with pytest.raises(ConfigError, match=r"^NHIP_SMTP_URL: .*\(set in .*nhip\.toml\)$"):
        settings(tmp_path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('colour = "red"\n', "unknown setting 'colour'"),
        ('instance = "/elsewhere"\n', "unknown setting 'instance'"),
        ("redis_url = \n", "nhip.toml"),
    ],
)
def test_a_broken_or_unknown_file_setting_is_an_error(tmp_path, content, message):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "nhip.toml").write_text(content)
    with pytest.raises(ConfigError, match=message) as caught:
        settings(tmp_path)
    assert caught.value.variable == "nhip.toml"


def test_the_secret_key_is_generated_once_private_and_reused(tmp_path):
    first = settings(tmp_path).secret_key
    path = tmp_path / "instance" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32
    assert settings(tmp_path).secret_key == first
    files = sorted(p.name for p in (tmp_path / "instance").iterdir())
    assert files == ["nhip.sqlite3", "secret_key"], "no draft of the key is left behind"


def test_an_emptied_secret_key_file_is_an_error_not_an_empty_key(tmp_path):
    settings(tmp_path)
    (tmp_path / "instance" / "secret_key").write_text("")
    with pytest.raises(ConfigError, match="^NHIP_SECRET_KEY: .* empty or too short"):
        settings(tmp_path)


def test_a_given_secret_key_writes_no_file(tmp_path):
    assert settings(tmp_path, NHIP_SECRET_KEY="s" * 20).secret_key == "s" * 20
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_an_unreachable_database_is_one_line_naming_the_variable(tmp_path):
    env = {name: None for name in VARIABLES}
    env.update(
        NHIP_INSTANCE=str(tmp_path / "instance"),
        NHIP_DATABASE_URL="postgresql://nhip@127.0.0.1:9/nhip?connect_timeout=2",
    )
    result = CliRunner().invoke(cli, ["db", "upgrade"], env=env)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("nhip: database unavailable (NHIP_DATABASE_URL): ")
