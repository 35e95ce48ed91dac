"""Demonstration data: the context that ``demo_data`` hooks receive, and the credentials file."""

from __future__ import annotations

import os
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from core.db import db, utcnow
from core.models import User


@dataclass
class DemoContext:
    """Handed to every ``demo_data`` hook. ``rng`` is seeded, so demo data is the same each run;
    ``now`` is the instant the load started; ``add_user`` returns an existing user unchanged."""

    rng: random.Random = field(default_factory=lambda: random.Random(20261127))
    now: datetime = field(default_factory=utcnow)
    credentials: list[tuple[str, str, str]] = field(default_factory=list)

    def add_user(self, email: str, name: str, roles: list[str], language: str = "vi") -> User:
        """The user with ``email``, created with a random password (recorded) if missing."""
        email = email.lower()
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
        if user is not None:
            return user
        password = secrets.token_urlsafe(9)
        user = User(email=email, name=name, language=language)
        user.set_password(password)
        user.set_roles(roles)
        db.session.add(user)
        db.session.flush()
        self.credentials.append((email, password, ", ".join(roles)))
        return user


def write_credentials(instance: Path, credentials: list[tuple[str, str, str]]) -> Path:
    """Append new demo logins to ``<instance>/demo-credentials.txt`` (mode 0600)."""
    path = instance / "demo-credentials.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        if path.stat().st_size == 0:
            handle.write("# Nhịp demo logins (e-mail, password, roles)\n")
        for email, password, roles in credentials:
            handle.write(f"{email}\t{password}\t{roles}\n")
    return path
