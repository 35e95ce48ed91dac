"""Instance settings from the environment and an optional ``<instance>/nhip.toml``.

The environment wins over the file. A bad value raises ConfigError, whose one-line message
names the variable; the command line prints it and exits.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

VARIABLES = (
    "NHIP_INSTANCE",
    "NHIP_DATABASE_URL",
    "NHIP_REDIS_URL",
    "NHIP_SECRET_KEY",
    "NHIP_SMTP_URL",
    "NHIP_PLUGINS_DIR",
)


class ConfigError(Exception):
    """A setting is invalid; ``str(error)`` is one line starting with the variable's name."""

    def __init__(self, variable: str, message: str) -> None:
        super().__init__(f"{variable}: {message}")
        self.variable = variable
        self.detail = message


@dataclass(frozen=True)
class Settings:
    """The validated settings of one instance."""

    instance: Path
    database_url: str
    redis_url: str | None
    secret_key: str
    smtp_url: str | None
    plugins_dir: Path

    @property
    def queue_mode(self) -> str:
        return "redis" if self.redis_url else "embedded"


def load_settings(environ: Mapping[str, str] | None = None, **overrides: str | None) -> Settings:
    """Read, check and complete the settings; creates the instance folder and its secret key."""
    env = dict(os.environ if environ is None else environ)
    for key, value in overrides.items():
        variable = "NHIP_" + key.upper()
        if variable not in VARIABLES:
            raise TypeError(f"unknown setting {key!r}")
        if value is not None:
            env[variable] = str(value)

    instance = _instance(env.get("NHIP_INSTANCE"))
    from_file = _read_file(instance / "nhip.toml")
    from_env = {k: v for k, v in env.items() if k in VARIABLES}
    values = {**from_file, **from_env}

    def checked(variable: str, check, *args):
        try:
            return check(values.get(variable), *args)
        except ConfigError as exc:
            if variable in from_file and variable not in from_env:
                raise ConfigError(
                    variable, f"{exc.detail} (set in {instance / 'nhip.toml'})"
                ) from None
            raise

    return Settings(
        instance=instance,
        database_url=checked("NHIP_DATABASE_URL", _database_url, instance),
        redis_url=checked("NHIP_REDIS_URL", _redis_url),
        secret_key=checked("NHIP_SECRET_KEY", _secret_key, instance),
        smtp_url=checked("NHIP_SMTP_URL", _smtp_url),
        plugins_dir=checked("NHIP_PLUGINS_DIR", _plugins_dir, instance),
    )


def _instance(value: str | None) -> Path:
    instance = Path(value or "instance").expanduser().resolve()
    if instance.exists() and not instance.is_dir():
        raise ConfigError("NHIP_INSTANCE", f"{instance} is not a folder")
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("NHIP_INSTANCE", f"cannot create {instance}: {exc.strerror}") from None
    return instance


def _read_file(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("nhip.toml", f"{path}: {exc}") from None
    out: dict[str, str] = {}
    for key, value in data.items():
        variable = "NHIP_" + key.upper()
        if variable not in VARIABLES or variable == "NHIP_INSTANCE":
            raise ConfigError("nhip.toml", f"unknown setting {key!r}")
        out[variable] = str(value)
    return out


def _database_url(value: str | None, instance: Path) -> str:
    if not value:
        return f"sqlite:///{instance / 'nhip.sqlite3'}"
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        raise ConfigError("NHIP_DATABASE_URL", f"{value!r} is not a database URL") from None
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if (backend, driver) not in (("sqlite", "pysqlite"), ("postgresql", "psycopg")):
        raise ConfigError(
            "NHIP_DATABASE_URL",
            f"{url.drivername}:// is not supported; use sqlite:///PATH or postgresql://...",
        )
    if backend == "postgresql":
        if not url.database:
            raise ConfigError("NHIP_DATABASE_URL", "the PostgreSQL URL names no database")
        url = url.set(drivername="postgresql+psycopg")
    elif url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        folder = Path(url.database).expanduser().resolve().parent
        if not folder.is_dir():
            raise ConfigError("NHIP_DATABASE_URL", f"the folder {folder} does not exist")
    return url.render_as_string(hide_password=False)


def _redis_url(value: str | None) -> str | None:
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("redis", "rediss", "unix") or (
        parsed.scheme != "unix" and not parsed.hostname
    ):
        raise ConfigError("NHIP_REDIS_URL", f"{value!r} is not a redis://host:port/db URL")
    try:
        parsed.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise ConfigError("NHIP_REDIS_URL", "the port is not a number") from None
    return value


def _smtp_url(value: str | None) -> str | None:
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise ConfigError(
            "NHIP_SMTP_URL", f"{value!r} is not an smtp://[user:pass@]host[:port] URL"
        )
    try:
        parsed.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise ConfigError("NHIP_SMTP_URL", "the port is not a number") from None
    return value


def _secret_key(value: str | None, instance: Path) -> str:
    if value:
        if len(value) < 16:
            raise ConfigError("NHIP_SECRET_KEY", "must be at least 16 characters")
        return value
    path = instance / "secret_key"
    if not path.exists():
        _write_new_secret(path)
    stored = path.read_text().strip()
    if len(stored) < 16:
        raise ConfigError("NHIP_SECRET_KEY", f"{path} is empty or too short")
    return stored


def _write_new_secret(path: Path) -> None:
    """Write a fresh key (mode 0600) atomically: of two processes starting at once, the first
    link wins and both read the same key."""
    draft = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
    except OSError as exc:
        raise ConfigError("NHIP_SECRET_KEY", f"cannot write {path}: {exc.strerror}") from None
    finally:
        draft.unlink(missing_ok=True)


def _plugins_dir(value: str | None, instance: Path) -> Path:
    path = Path(value).expanduser().resolve() if value else instance / "plugins"
    if path.exists() and not path.is_dir():
        raise ConfigError("NHIP_PLUGINS_DIR", f"{path} is not a folder")
    return path
