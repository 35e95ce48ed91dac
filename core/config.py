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
    "NHIP_SECURE_COOKIES",
    "NHIP_SESSION_DAYS",
    "NHIP_TRUSTED_PROXIES",
    "NHIP_MAX_BODY",
    "NHIP_STRICT_PLUGINS",
)
#: how long a sign-in lasts at most ("keep me signed in" included) unless NHIP_SESSION_DAYS says
SESSION_DAYS = 14
#: the largest request body accepted (bytes) unless NHIP_MAX_BODY says; larger ones get 413
MAX_BODY = 1024 * 1024
#: what NHIP_MAX_BODY may end with (``512K``, ``2M``, ``2MB``)
SIZE_UNITS = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2}
TRUE = ("1", "true", "yes", "on")
FALSE = ("", "0", "false", "no", "off")


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
    #: cookies only over HTTPS (on in production behind TLS)
    secure_cookies: bool = False
    #: days a sign-in lasts at most, "keep me signed in" included
    session_days: int = SESSION_DAYS
    #: reverse proxies in front of the application whose X-Forwarded-* headers are believed
    trusted_proxies: int = 0
    #: the largest request body accepted, in bytes (a larger one is answered 413)
    max_body: int = MAX_BODY
    #: a plugin in error fails start-up instead of being left out (deploys, CI, tests)
    strict_plugins: bool = False

    @property
    def queue_mode(self) -> str:
        return "redis" if self.redis_url else "embedded"


def load_settings(environ: Mapping[str, str] | None = None, **overrides: str | None) -> Settings:
    """Read, check and complete the settings; creates the instance folder, its secret key and
    the (empty) SQLite file, each readable by its owner only."""
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
        secure_cookies=checked("NHIP_SECURE_COOKIES", _flag, "NHIP_SECURE_COOKIES"),
        session_days=checked(
            "NHIP_SESSION_DAYS", _whole, "NHIP_SESSION_DAYS", SESSION_DAYS, 1, 365
        ),
        trusted_proxies=checked("NHIP_TRUSTED_PROXIES", _whole, "NHIP_TRUSTED_PROXIES", 0, 0, 5),
        max_body=checked("NHIP_MAX_BODY", _size, "NHIP_MAX_BODY", MAX_BODY),
        strict_plugins=checked("NHIP_STRICT_PLUGINS", _flag, "NHIP_STRICT_PLUGINS"),
    )


def _instance(value: str | None) -> Path:
    """The instance folder, created if missing; readable by its owner only (it holds the
    secret key, the SQLite database and the e-mail outbox)."""
    instance = Path(value or "instance").expanduser().resolve()
    if instance.exists() and not instance.is_dir():
        raise ConfigError("NHIP_INSTANCE", f"{instance} is not a folder")
    try:
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)
        _private(instance, 0o700)
    except OSError as exc:
        raise ConfigError("NHIP_INSTANCE", f"cannot create {instance}: {exc.strerror}") from None
    return instance


def _private(path: Path, mode: int) -> None:
    """Take the group's and others' rights away from ``path`` when we own it."""
    stat = path.stat()
    if stat.st_uid == os.getuid() and stat.st_mode & 0o077:
        path.chmod(mode)


def _flag(value: str | None, variable: str) -> bool:
    text = (value or "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ConfigError(variable, f"{value!r} is not a yes/no value (true or false)")


def _whole(value: str | None, variable: str, default: int, low: int, high: int) -> int:
    if value is None or not str(value).strip():
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ConfigError(variable, f"{value!r} is not a whole number") from None
    if not low <= number <= high:
        raise ConfigError(variable, f"must be between {low} and {high}")
    return number


def _size(value: str | None, variable: str, default: int) -> int:
    """A size in bytes, with an optional unit: ``1048576``, ``512K``, ``2M`` (at least 1K)."""
    text = str(value or "").strip().upper().replace(" ", "")
    if not text:
        return default
    digits = text.rstrip("KMB")
    unit = text[len(digits) :]
    if not (digits.isascii() and digits.isdigit()) or unit not in SIZE_UNITS or len(digits) > 12:
        raise ConfigError(variable, f"{value!r} is not a size such as 1048576, 512K or 2M")
    size = int(digits) * SIZE_UNITS[unit]
    if not 1024 <= size <= 1024**3:
        raise ConfigError(variable, "must be between 1K and 1024M")
    return size


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
        _private_database(instance / "nhip.sqlite3")
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
        path = Path(url.database).expanduser().resolve()
        if not path.parent.is_dir():
            raise ConfigError("NHIP_DATABASE_URL", f"the folder {path.parent} does not exist")
        _private_database(path)
    return url.render_as_string(hide_password=False)


def _private_database(path: Path) -> None:
    """Create the SQLite file readable by its owner only (an empty file is an empty database;
    SQLite gives its journal files the same rights), or take others' rights from an old one."""
    try:
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        for file in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
            if file.exists():
                _private(file, 0o600)
    except OSError as exc:
        raise ConfigError("NHIP_DATABASE_URL", f"cannot write {path}: {exc.strerror}") from None


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
    _private(path, 0o600)
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
