"""SLA test set-up: an application with the test-only ``desk`` plugin beside the bundled ones,
a ``VN office`` and a ``24/7`` calendar, and helpers to write policies and drive records."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from core.testing import session_app, wipe

FIXTURE_PLUGINS = Path(__file__).parent / "fixture_plugins"

OFFICE = {
    "name": "VN office",
    "timezone": "Asia/Ho_Chi_Minh",
    "country": "VN",
    "week": {d: ["08:00-12:00", "13:30-17:30"] for d in ("mon", "tue", "wed", "thu", "fri")},
}
ALWAYS = {
    "name": "24/7",
    "timezone": "Asia/Ho_Chi_Minh",
    "week": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}


@pytest.fixture
def app(backend, request):
    """The shared SLA test application of ``backend`` (with ``desk``), emptied for this test;
    ``client``, ``make_user`` and the other host fixtures follow it."""
    application = session_app(request, backend, plugins_dir=FIXTURE_PLUGINS, name="sla")
    wipe(application)
    return application


@pytest.fixture
def sla_app(app):
    """``app`` with an application context pushed for direct database work."""
    with app.app_context():
        yield app
        from core.db import db

        db.session.rollback()
        db.session.remove()


@pytest.fixture
def clock_at():
    """``clock_at(iso)``: move time to an instant (Vietnam local when no offset is given)."""
    travellers = []

    def move(when: str):
        instant = datetime.fromisoformat(when)
        if instant.tzinfo is None:
            from zoneinfo import ZoneInfo

            instant = instant.replace(tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        if travellers:
            travellers[-1].stop()
        traveller = time_machine.travel(instant.astimezone(UTC), tick=False)
        traveller.start()
        travellers.append(traveller)
        return instant

    yield move
    if travellers:
        travellers[-1].stop()


def desk_policy(
    name: str = "Desk standard",
    order: int = 100,
    conditions=None,
    on_change: str = "carry_over",
    targets=None,
    calendar: str = "VN office",
) -> dict:
    return {
        "name": name,
        "entity": "desk.request",
        "order": order,
        "conditions": conditions or {},
        "calendar": calendar,
        "on_change": on_change,
        "targets": targets
        or [
            {
                "name": "Respond",
                "start": ["created"],
                "stop": ["open", "done"],
                "cancel": ["cancelled"],
                "minutes": 60,
                "warn": [50, 80],
            },
            {
                "name": "Resolve",
                "start": ["created"],
                "pause": ["waiting"],
                "stop": ["done"],
                "cancel": ["cancelled"],
                "minutes": 240,
                "warn": [80],
                "escalations": [{"at": 100, "actions": [{"type": "notify", "to": ["manager"]}]}],
            },
        ],
    }


def configure(*policies: dict, track: bool = True) -> None:
    """Load the two calendars and ``policies``; switch tracking on for desk.request."""
    from core.db import db
    from plugins.sla.config_store import apply
    from plugins.sla.switches import set_tracking

    apply({"calendars": [OFFICE, ALWAYS], "policies": list(policies)})
    set_tracking("desk.request", track)
    db.session.commit()
