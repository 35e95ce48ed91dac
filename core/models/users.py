"""People who log in, the roles they hold, and their personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from core.db import UTCDateTime, db, utcnow

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
#: a new API token's lifetime unless another is asked for
TOKEN_DAYS = 90
#: how often a token's ``last_used_at`` is written at most (not on every request)
TOKEN_USE_PRECISION = timedelta(minutes=1)


def new_session_key() -> str:
    """A fresh random session key (see ``User.session_key``)."""
    return secrets.token_hex(16)


class User(db.Model):
    """A person with a login; roles give permissions, language and zone shape the pages."""

    __tablename__ = "core_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: part of every session and "keep me signed in" cookie of this user; a new one (at sign
    #: out, a password change or deactivation) ends them all (``core.auth.sessions``)
    session_key: Mapped[str] = mapped_column(String(32), default=new_session_key)

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # flask-login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The login id kept in the session and the remember cookie (``core.auth.sessions``)."""
        from core.auth.sessions import login_id

        return login_id(self)

    def end_sessions(self) -> None:
        """End every session and remember cookie of this user, on every device."""
        self.session_key = new_session_key()

    @property
    def roles(self) -> list[str]:
        return sorted(r.role for r in self.role_rows)

    def set_roles(self, roles: list[str]) -> None:
        current = {r.role: r for r in self.role_rows}
        for name in set(current) - set(roles):
            self.role_rows.remove(current[name])
        for name in sorted(set(roles) - set(current)):
            self.role_rows.append(UserRole(role=name))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


@event.listens_for(User.password_hash, "set", active_history=True)
def _password_changed(user: User, value, old, _initiator) -> None:
    """A new password (by its owner, an administrator or the command line) ends the sessions."""
    if isinstance(old, str) and old and value != old:
        user.end_sessions()


@event.listens_for(User.active, "set", active_history=True)
def _deactivated(user: User, value, old, _initiator) -> None:
    """Deactivating a user ends their sessions: reactivating them later revives none."""
    if old is True and not value:
        user.end_sessions()


class UserRole(db.Model):
    """One role held by one user; roles are declared by plugins (``register_roles``)."""

    __tablename__ = "core_user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("core_user.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(64))

    user: Mapped[User] = relationship(back_populates="role_rows")


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 is stored, the token is shown once."""

    __tablename__ = "core_api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("core_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: after this instant the token is refused (None: never, only for rows made before expiry)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: the last request it authenticated, to the minute (``TOKEN_USE_PRECISION``)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship()

    PREFIX = "nhip_"

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str, days: int | None = TOKEN_DAYS) -> tuple[ApiToken, str]:
        """A new token row for ``user``, valid ``days`` days, and the clear token (shown once)."""
        clear = cls.PREFIX + secrets.token_urlsafe(32)
        expires = utcnow() + timedelta(days=days) if days else None
        return cls(user=user, name=name, token_hash=cls.digest(clear), expires_at=expires), clear

    def expired(self, now: datetime | None = None) -> bool:
        """Whether the token is past its expiry."""
        return self.expires_at is not None and self.expires_at <= (now or utcnow())

    def note_use(self, now: datetime | None = None) -> bool:
        """Record a use; True when ``last_used_at`` moved (at most once a minute)."""
        now = now or utcnow()
        if self.last_used_at is None or now - self.last_used_at >= TOKEN_USE_PRECISION:
            self.last_used_at = now
            return True
        return False
