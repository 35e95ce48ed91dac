"""Login throttling: failed sign-ins are counted per account and per address.

Once either count reaches its limit (``NHIP_LOGIN_LIMIT_ACCOUNT`` / ``NHIP_LOGIN_LIMIT_ADDRESS``
in the Flask config, in the ``limits`` notation such as ``"10 per 15 minutes"``), the sign-in
form answers 429 with ``Retry-After`` until the oldest failure leaves the window. The counts
live in Redis when ``NHIP_REDIS_URL`` is set, so every gunicorn worker shares them, and in the
process otherwise (the embedded mode). An unknown e-mail address is counted like a known one:
the answers never tell whether an account exists.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from flask import Flask, current_app
from limits import parse
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

ACCOUNT_LIMIT = "10 per 15 minutes"
ADDRESS_LIMIT = "50 per 15 minutes"
REDIS_PREFIX = "nhip-login"

log = logging.getLogger(__name__)


class LoginThrottle:
    """The failed sign-in counts of one instance."""

    def __init__(self, storage_uri: str, account_limit: str, address_limit: str) -> None:
        if storage_uri.startswith("unix://"):
            storage_uri = "redis+unix://" + storage_uri[len("unix://") :]
        self.storage_uri = storage_uri
        self.account_limit = parse(account_limit)
        self.address_limit = parse(address_limit)
        self._storage: Storage | None = None
        self._limiter: MovingWindowRateLimiter | None = None

    @property
    def limiter(self) -> MovingWindowRateLimiter:
        if self._limiter is None:
            options = {"key_prefix": REDIS_PREFIX} if self.storage_uri.startswith("redis") else {}
            self._storage = storage_from_string(self.storage_uri, wrap_exceptions=True, **options)
            self._limiter = MovingWindowRateLimiter(self._storage)
        return self._limiter

    def _checks(self, account: str, address: str):
        return (
            (self.account_limit, "account", _digest(account)),
            (self.address_limit, "address", address or "-"),
        )

    def retry_after(self, account: str, address: str) -> int | None:
        """Seconds to wait before this account may try again from this address, or None.

        When the counts cannot be read (Redis down) sign-ins are let through, and logged."""
        wait = 0.0
        try:
            for item, kind, key in self._checks(account, address):
                if not self.limiter.test(item, kind, key):
                    reset = self.limiter.get_window_stats(item, kind, key).reset_time
                    wait = max(wait, reset - time.time(), 1)
        except StorageError as exc:
            log.warning("login throttle unavailable, not throttling: %s", exc)
            return None
        return math.ceil(wait) if wait else None

    def failed(self, account: str, address: str) -> None:
        """Count a failed sign-in against the account and the address."""
        try:
            for item, kind, key in self._checks(account, address):
                self.limiter.hit(item, kind, key)
        except StorageError as exc:
            log.warning("login throttle unavailable, failure not counted: %s", exc)

    def succeeded(self, account: str) -> None:
        """A right password forgets the account's failures (not the address's)."""
        try:
            self.limiter.clear(self.account_limit, "account", _digest(account))
        except StorageError as exc:
            log.warning("login throttle unavailable: %s", exc)

    def reset(self) -> None:
        """Forget every count (tests)."""
        if self._storage is not None:
            self._storage.reset()


def _digest(account: str) -> str:
    """The key of an account (no e-mail address is stored in Redis)."""
    return hashlib.sha256(account.strip().lower().encode()).hexdigest()[:32]


def init_app(app: Flask) -> None:
    """Give the app its throttle (Redis storage when the instance has Redis)."""
    settings = app.config["NHIP"]
    app.config.setdefault("NHIP_LOGIN_LIMIT_ACCOUNT", ACCOUNT_LIMIT)
    app.config.setdefault("NHIP_LOGIN_LIMIT_ADDRESS", ADDRESS_LIMIT)
    app.extensions["nhip_login_throttle"] = LoginThrottle(
        settings.redis_url or "memory://",
        app.config["NHIP_LOGIN_LIMIT_ACCOUNT"],
        app.config["NHIP_LOGIN_LIMIT_ADDRESS"],
    )


def login_throttle() -> LoginThrottle:
    """The current app's throttle."""
    return current_app.extensions["nhip_login_throttle"]
