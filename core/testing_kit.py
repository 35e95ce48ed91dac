"""Fixtures for plugin authors' tests, loaded with the others by Nhịp's pytest plugin.

``login_as(role)`` signs the ``client`` in as a new user holding ``role``; ``make_record``
creates a record of any entity type through ``core.records`` (so that validation, audit and
every plugin's hooks run), filling the required fields it is not given; ``clock`` controls
time with time-machine. docs/testing-plugins.md describes each with an example.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.testing import login_as as sign_in

#: the zone of a naive date-time given to ``clock.set`` (the zone of the seed's offices)
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
#: how deep ``make_record`` goes creating the records that required ``ref`` fields point at
REF_DEPTH = 3


@pytest.fixture
def fresh_app(fresh_database_url, tmp_path, nhip_plugins_dir, nhip_plugins):
    """An application of the test's own on a brand-new database of ``backend``, initialised as
    ``nhip init`` does (every migration applied: a plugin's first revision is tried for
    real), with the plugins of ``nhip_plugins_dir`` and only ``nhip_plugins`` enabled. Slower
    than ``app``: for tests of migrations and start-up."""
    from core.db import db
    from core.setup import init_instance
    from core.testing import enable_only, make_app

    application = make_app(tmp_path / "instance", fresh_database_url, plugins_dir=nhip_plugins_dir)
    try:
        init_instance(application)
        if nhip_plugins is not None:
            enable_only(application, list(nhip_plugins))
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@contextmanager
def within(app) -> Iterator[None]:
    """``app``'s application context: the one already pushed when it is ``app``'s (its session
    and objects stay usable), else a new one for the block."""
    from flask import current_app, has_app_context

    if has_app_context() and current_app._get_current_object() is app:
        yield
        return
    with app.app_context():
        yield


@pytest.fixture
def login_as(app, client, make_user):
    """``login_as(*roles, email=None, client=None)`` -> the new user's id: creates a user
    holding ``roles`` (none: a user without any) and signs ``client`` (default: the test's
    ``client``) in as them; a role no enabled plugin declares fails the test. ``login_as(None)``
    signs the client out instead (anonymous)."""
    counter = itertools.count(1)

    def sign_in_as(*roles: str | None, email: str | None = None, client=client) -> int | None:
        if roles == (None,):
            with client.session_transaction() as session:
                session.clear()
            return None
        _check_roles(app, roles)
        label = "-".join(roles) or "nobody"
        address = email or f"{label.replace('_', '-')}-{next(counter)}@example.com"
        user_id = make_user(address, roles=list(roles))
        sign_in(client, user_id)
        return user_id

    return sign_in_as


def _check_roles(app, roles) -> None:
    """Fail the test for a role no enabled plugin declares (a typo would only show as 403s)."""
    from core.auth.access import roles_catalog

    with app.test_request_context():
        known = set(roles_catalog())
    unknown = [role for role in roles if role not in known]
    if unknown:
        pytest.fail(
            f"login_as: no enabled plugin declares the role(s) {', '.join(unknown)} "
            f"(roles: {', '.join(sorted(known))})"
        )


class RecordFactory:
    """Creates records through ``core.records.create`` on the test application."""

    def __init__(self, app, make_user) -> None:
        self.app = app
        self.make_user = make_user
        self.counter = itertools.count(1)

    def __call__(self, entity_key: str, /, *, actor_id: int | None = None, **values: Any):
        """A new record of ``entity_key`` with ``values`` (missing required fields get sample
        values). Inside the test application's context it is the live, attached record;
        outside, a detached copy whose columns are loaded."""
        from flask import current_app, has_app_context

        from core.db import db

        if has_app_context() and current_app._get_current_object() is self.app:
            return self.create(entity_key, values, actor_id)
        with self.app.app_context():
            record = self.create(entity_key, values, actor_id)
            db.session.refresh(record)
            db.session.expunge(record)
            return record

    def create(self, entity_key: str, values: dict, actor_id: int | None, depth: int = 0):
        """Inside an application context: fill the required fields, create, commit."""
        from core.records import create, entity_type

        entity = entity_type(entity_key)
        complete = dict(values)
        for field in entity.fields:
            if field.required and complete.get(field.name) in (None, ""):
                complete[field.name] = self.sample(field, depth)
        return create(entity, complete, actor_id=actor_id)

    def sample(self, field, depth: int) -> Any:
        """A valid value of ``field``'s type (a new record or user for a ``ref``)."""
        from core.db import utcnow

        number = next(self.counter)
        if field.type == "ref":
            if field.ref == "core.user":
                return self.make_user(f"{field.name}-{number}@example.com", roles=["employee"])
            if depth >= REF_DEPTH:
                raise ValueError(f"make_record: give {field.name}= (refs nest too deep)")
            return self.create(field.ref, {}, None, depth + 1).id
        samples = {
            "int": 1,
            "money": Decimal("100000"),
            "decimal": Decimal("1"),
            "bool": False,
            "date": utcnow().date(),
            "datetime": utcnow(),
            "email": f"{field.name}-{number}@example.com",
            "choice": field.choices[0].value if field.choices else None,
        }
        if field.type in samples:
            return samples[field.type]
        text = f"{field.text} {number}"
        return text[: field.max_length] if field.max_length else text


@pytest.fixture
def make_record(app, make_user) -> RecordFactory:
    """``make_record(entity_key, actor_id=None, **values)`` -> a new record, created through
    ``core.records.create`` so that hooks run (SLA starts its clocks, the audit trail gets
    its line); required fields not given get sample values."""
    return RecordFactory(app, make_user)


class Clock:
    """The test's time, stopped (time-machine, ``tick=False``) until the test ends."""

    def __init__(self, start: datetime) -> None:
        import time_machine

        self.traveller = time_machine.travel(start, tick=False)
        self.traveller.start()
        self.instant = start

    def set(self, when: str | datetime | date, zone: str = DEFAULT_ZONE) -> datetime:
        """Move to ``when`` (ISO text or a date-time; naive ones are read in ``zone``);
        returns the instant, in UTC."""
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        elif not isinstance(when, datetime):
            when = datetime(when.year, when.month, when.day)
        if when.tzinfo is None:
            when = when.replace(tzinfo=ZoneInfo(zone))
        return self._go(when.astimezone(UTC))

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by ``delta`` or by ``timedelta(**parts)`` (``minutes=30``)."""
        return self._go(self.instant + (delta or timedelta(**parts)))

    def now(self) -> datetime:
        """The current instant (aware, UTC)."""
        return self.instant

    def _go(self, instant: datetime) -> datetime:
        self.traveller.stop()
        import time_machine

        self.traveller = time_machine.travel(instant, tick=False)
        self.traveller.start()
        self.instant = instant
        return instant

    def stop(self) -> None:
        """Let time run again (done for you when the test ends)."""
        self.traveller.stop()


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Time stopped at the start of the test: ``clock.set("2026-12-01 09:00")`` (Vietnam time
    when no offset is given), ``clock.advance(hours=2)``, ``clock.now()``."""
    stopped = Clock(datetime.now(UTC).replace(microsecond=0))
    yield stopped
    stopped.stop()
