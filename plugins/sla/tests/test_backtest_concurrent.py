"""Two admins pressing Backtest at the same moment on the real server (``nhip run``), on SQLite
and PostgreSQL: both get the same results, and neither writes anything."""

from __future__ import annotations

import re

import requests

from core.db import db
from core.testing_server import app_env, at_once, running_server
from plugins.sla.models import Policy
from plugins.sla.tests.backtest_support import month_of_requests, respond_in
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.test_backtest_page import _form
from plugins.sla.tests.test_backtest_writes_nothing import _clocks, _counts

TIMEOUT = 60  # seconds, for every request: a busy machine is slow, never stuck
PASSWORD = "correct horse battery staple 42"


def _signed_in(url: str, email: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{url}/login", timeout=TIMEOUT).text
    answer = browser.post(
        f"{url}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": _csrf(page)},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert answer.status_code in (302, 303), answer.text
    return browser


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_two_backtests_at_once_both_answer_and_write_nothing(
    sla_app, make_user, clock_at, tmp_path
):
    configure(desk_policy(targets=respond_in(60)))
    made = month_of_requests(clock_at)
    for email in ("an@example.com", "binh@example.com"):
        make_user(email, roles=["sla_admin", "desk_agent"], password=PASSWORD)
    policy_id = db.session.execute(db.select(Policy.id)).scalar_one()
    before = (_counts(), _clocks())
    db.session.remove()
    draft = _form(desk_policy(targets=respond_in(45)))
    with running_server(app_env(sla_app), tmp_path / "server.log") as url:
        browsers = [_signed_in(url, e) for e in ("an@example.com", "binh@example.com")]
        tokens = [
            _csrf(b.get(f"{url}/sla/policies/{policy_id}/edit", timeout=TIMEOUT).text)
            for b in browsers
        ]
        answers = at_once(
            [
                lambda b=b, t=t: b.post(
                    f"{url}/sla/policies/{policy_id}/backtest",
                    data={**draft, "csrf_token": t},
                    timeout=TIMEOUT,
                )
                for b, t in zip(browsers, tokens, strict=True)
            ],
            timeout=TIMEOUT,
        )
    assert [a.status_code for a in answers] == [200, 200], (tmp_path / "server.log").read_text()
    late = made["Answered in 50"]
    for answer in answers:
        assert re.findall(r'data-change="([^"]+)"', answer.text) == [f"{late}:Respond:1"]
    assert (_counts(), _clocks()) == before
