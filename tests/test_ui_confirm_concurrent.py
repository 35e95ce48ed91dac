"""The confirmed button of a final move clicked twice at once, against the real server (``nhip
run`` in a subprocess, threaded) on SQLite and PostgreSQL: the record moves once, its SLA
clocks are cancelled once, and the form needs its CSRF token.

Requests are sent from threads released together by a barrier; every wait is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select
from test_ui_confirm import hidden_fields

from core.db import db
from core.models import AuditEntry, User
from core.testing import BACKENDS, session_app, wipe
from core.testing_server import app_env, at_once, running_server
from plugins.sla.models import ClockEvent
from plugins.sla.tests.conftest import FIXTURE_PLUGINS, configure, desk_policy
from plugins.sla.tests.helpers import AGENT, clocks_of, new_request

TIMEOUT = 30  # seconds, for every request and wait
CLICKS = 3
PASSWORD = "correct horse battery staple 42"
DESK = "desk.request"


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory) -> Iterator[tuple[object, str]]:
    """``nhip run`` with the ``desk`` test plugin on the backend's shared SLA database."""
    app = session_app(request, request.param, plugins_dir=FIXTURE_PLUGINS, name="sla")
    wipe(app)
    log: Path = tmp_path_factory.mktemp("confirm-move") / "server.log"
    with running_server(app_env(app), log) as url:
        yield app, url


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _signed_in(app, url: str) -> requests.Session:
    with app.app_context():
        user = User(email="agent@example.com", name="Agent")
        user.set_roles(AGENT)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
    browser = requests.Session()
    page = browser.get(f"{url}/login", timeout=TIMEOUT).text
    answer = browser.post(
        f"{url}/login",
        data={"email": "agent@example.com", "password": PASSWORD, "csrf_token": _csrf(page)},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert answer.status_code in (302, 303), answer.text
    return browser


def test_the_confirmed_cancel_clicked_at_once_moves_the_request_once(server):
    app, url = server
    wipe(app)
    with app.app_context():
        configure(desk_policy())
        record = new_request(subject="Printer on fire")
        db.session.commit()
        record_id = record.id
    browser = _signed_in(app, url)
    page = browser.get(f"{url}/r/{DESK}/{record_id}", timeout=TIMEOUT).text
    asked = browser.post(
        f"{url}/r/{DESK}/{record_id}/confirm-move",
        data={"to": "cancelled", "from": "new", "note": "", "csrf_token": _csrf(page)},
        timeout=TIMEOUT,
    )
    assert "2 running SLA clocks will be cancelled: Respond, Resolve" in asked.text
    fields = hidden_fields(asked.text)
    action = f"{url}/r/{DESK}/{record_id}/transition"
    forged = browser.post(action, data={**fields, "csrf_token": ""}, timeout=TIMEOUT)
    assert forged.status_code == 400

    answers = at_once(
        [lambda: browser.post(action, data=fields, timeout=TIMEOUT, allow_redirects=False)] * CLICKS
    )
    assert [a.status_code for a in answers] == [302] * CLICKS, [a.text for a in answers]
    with app.app_context():
        moves = db.session.execute(
            select(func.count()).where(
                AuditEntry.entity == DESK,
                AuditEntry.record_id == record_id,
                AuditEntry.kind == "transition",
            )
        ).scalar_one()
        assert moves == 1
        record = db.session.get(app.extensions["nhip"].entities.get(DESK).model, record_id)
        assert record.state == "cancelled"
        clocks = clocks_of(record)
        assert {name: c.state for name, c in clocks.items()} == {
            "Respond": "cancelled",
            "Resolve": "cancelled",
        }
        cancelled = db.session.execute(
            select(func.count()).where(
                ClockEvent.clock_id.in_([c.id for c in clocks.values()]),
                ClockEvent.kind == "cancelled",
            )
        ).scalar_one()
        assert cancelled == 2
