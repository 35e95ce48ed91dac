"""Things clicked twice at once, against the real server (``nhip run`` in a subprocess,
threaded) on SQLite and PostgreSQL: four requests excusing one breach excuse it once; three
backfills of one record type give each record one set of clocks.

The server keeps real time: records are created in the past (the test process travels back)
to be breached now. Requests are released together by a barrier; every wait is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import time_machine

from core.db import db
from core.models import ApiToken, User
from core.testing import BACKENDS, session_app, wipe
from core.testing_server import app_env, at_once, running_server
from plugins.sla.escalation.sweep import sweep
from plugins.sla.models import Clock, ClockEvent
from plugins.sla.switches import set_tracking
from plugins.sla.tests.conftest import FIXTURE_PLUGINS, configure, desk_policy
from plugins.sla.tests.excuse_support import RESOLVE
from plugins.sla.tests.helpers import clocks_of, new_request

TIMEOUT = 30  # seconds, for every request and wait
CLICKS = 4
PASSWORD = "correct horse battery staple 42"


@dataclass
class Live:
    app: object
    url: str
    log: Path

    def post(self, path: str, token: str, **kwargs) -> requests.Response:
        return requests.post(
            f"{self.url}{path}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=TIMEOUT,
            allow_redirects=False,
            **kwargs,
        )


@pytest.fixture(scope="module", params=BACKENDS)
def live_server(request, tmp_path_factory) -> Iterator[Live]:
    """``nhip run`` with the ``desk`` test plugin on the backend's shared SLA database."""
    app = session_app(request, request.param, plugins_dir=FIXTURE_PLUGINS, name="sla")
    wipe(app)
    log = tmp_path_factory.mktemp("sla-concurrency") / "server.log"
    with running_server(app_env(app), log) as url:
        yield Live(app, url, log)


@pytest.fixture
def live(live_server) -> Iterator[Live]:
    wipe(live_server.app)
    yield live_server
    with live_server.app.app_context():
        db.session.remove()


def person(app, email: str, roles: list[str]) -> str:
    """A user with ``roles`` and the password ``PASSWORD``; their API token."""
    with app.app_context():
        user = User(email=email, name=email.split("@")[0].title())
        user.set_roles(roles)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        row, token = ApiToken.issue(user, "concurrency test")
        db.session.add(row)
        db.session.commit()
        return token


def _policy() -> dict:
    return desk_policy(calendar="24/7", targets=[{**RESOLVE, "minutes": 30}])


def _breached_clock(app) -> int:
    """A request created two hours ago (real time) whose 30-minute Resolve is breached."""
    with app.app_context():
        configure(_policy())
        with time_machine.travel(datetime.now(UTC) - timedelta(hours=2), tick=False):
            clock_id = clocks_of(new_request())["Resolve"].id
        sweep()
        db.session.commit()
        assert db.session.get(Clock, clock_id).breached_at is not None
        return clock_id


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_the_panels_excuse_form_needs_its_csrf_token(live):
    person(live.app, "mai@example.com", ["manager", "desk_agent"])
    clock_id = _breached_clock(live.app)
    with live.app.app_context():
        record_id = db.session.get(Clock, clock_id).record_id
    browser = requests.Session()
    login_page = browser.get(f"{live.url}/login", timeout=TIMEOUT).text
    signed_in = browser.post(
        f"{live.url}/login",
        data={"email": "mai@example.com", "password": PASSWORD, "csrf_token": _csrf(login_page)},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert signed_in.status_code in (302, 303), signed_in.text
    page = browser.get(f"{live.url}/r/desk.request/{record_id}", timeout=TIMEOUT).text
    form = page[page.index(f'action="/sla/clocks/{clock_id}/excuse"') :]
    action = f"{live.url}/sla/clocks/{clock_id}/excuse"
    forged = browser.post(action, data={"cause": "force_majeure"}, timeout=TIMEOUT)
    assert forged.status_code == 400
    with live.app.app_context():
        assert db.session.get(Clock, clock_id).excused_at is None
    sent = browser.post(
        action,
        data={"cause": "force_majeure", "reason": "Typhoon", "csrf_token": _csrf(form)},
        timeout=TIMEOUT,
    )
    assert (
        sent.status_code == 200 and "The breach of Resolve is excused (force majeure)." in sent.text
    )
    assert "Typhoon" in sent.text and f'action="/sla/clocks/{clock_id}/withdraw"' in sent.text


def test_four_excuses_of_one_breach_at_once_excuse_it_once(live):
    manager = person(live.app, "mai@example.com", ["manager", "desk_agent"])
    clock_id = _breached_clock(live.app)
    answers = at_once(
        [
            lambda i=i: live.post(
                f"/api/v1/sla/clocks/{clock_id}/excuse",
                manager,
                json={"cause": "customer_delay", "reason": f"click {i}"},
            )
            for i in range(CLICKS)
        ]
    )
    assert sorted(a.status_code for a in answers) == [200] + [409] * (CLICKS - 1), [
        a.text for a in answers
    ]
    (won,) = [a.json() for a in answers if a.status_code == 200]
    with live.app.app_context():
        clock = db.session.get(Clock, clock_id)
        assert clock.excused_reason == won["excuse"]["reason"]
        events = (
            db.session.execute(
                db.select(ClockEvent).where(
                    ClockEvent.clock_id == clock_id, ClockEvent.kind == "excused"
                )
            )
            .scalars()
            .all()
        )
        assert len(events) == 1


def test_three_backfills_at_once_give_each_record_one_set_of_clocks(live):
    admin = person(live.app, "admin@example.com", ["admin"])
    with live.app.app_context():
        configure(_policy(), track=False)
        for n in range(6):
            new_request(subject=f"Request {n}")
        set_tracking("desk.request", True)
        db.session.commit()
    answers = at_once(
        [
            lambda: live.post(
                "/sla/backfill", admin, data={"entity": "desk.request", "confirm": "1"}
            )
            for _ in range(3)
        ]
    )
    assert [a.status_code for a in answers] == [302] * 3, [a.text for a in answers]
    with live.app.app_context():
        per_record = db.session.execute(
            db.select(Clock.record_id, db.func.count()).group_by(Clock.record_id)
        ).all()
        assert len(per_record) == 6
        assert {count for _, count in per_record} == {1}  # one target: one clock each
