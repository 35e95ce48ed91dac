"""The policy form's Backtest button: the draft as typed, run over a period, shown beside what
actually happened; the draft is carried back to the form; admins only, with a CSRF token."""

from __future__ import annotations

import json
import re

import pytest

from core.db import db
from plugins.sla.models import Policy
from plugins.sla.tests.backtest_support import month_of_requests, respond_in
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import AGENT

NOVEMBER = {"since": "2026-11-01", "until": "2026-11-30"}


@pytest.fixture
def admin(sla_app, client, make_user, login):
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent"]))
    return client


def _form(policy: dict, **period) -> dict:
    """What the policy form posts for ``policy``."""
    return {
        "name": policy["name"],
        "entity": policy["entity"],
        "order": str(policy["order"]),
        "calendar": policy["calendar"],
        "on_change": policy["on_change"],
        "active": "1",
        "conditions": json.dumps(policy["conditions"]),
        "targets": json.dumps(policy["targets"]),
        **(period or NOVEMBER),
    }


def _policy_id() -> int:
    return db.session.execute(db.select(Policy.id)).scalar_one()


def _changes(html: str) -> list[str]:
    return re.findall(r'data-change="([^"]+)"', html)


def _row(html: str, key: str) -> list[str]:
    row = re.search(rf'<tr data-row="{key}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


def test_a_shorter_goal_lists_exactly_the_records_it_makes_late(admin, clock_at):
    configure(desk_policy(targets=respond_in(60)))
    made = month_of_requests(clock_at)
    response = admin.post(
        f"/sla/policies/{_policy_id()}/backtest", data=_form(desk_policy(targets=respond_in(45)))
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    late = made["Answered in 50"]
    assert _changes(html) == [f"{late}:Respond:1"]
    assert f'<a href="/r/desk.request/{late}">Answered in 50</a>' in html
    assert 'data-actual="met"' in html and 'data-draft="met_late"' in html
    assert _row(html, "met") == ["met", "2", "1"]
    assert _row(html, "met_late") == ["met late", "1", "2"]
    assert "66.7 %" in html and "33.3 %" in html


def test_a_longer_goal_shows_the_breach_fixed_by_department(admin, clock_at):
    configure(desk_policy(targets=respond_in(60)))
    made = month_of_requests(clock_at)
    response = admin.post(
        f"/sla/policies/{_policy_id()}/backtest", data=_form(desk_policy(targets=respond_in(120)))
    )
    html = response.get_data(as_text=True)
    assert _changes(html) == [f"{made['Answered in 90']}:Respond:1"]
    department = re.search(r'<tr data-departments="care">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td[^>]*>([^<]*)</td>", department) == ["care", "1", "0"]


def test_a_new_policy_for_a_type_without_one(admin, clock_at):
    configure(track=False)
    month_of_requests(clock_at)
    response = admin.post("/sla/policies/backtest", data=_form(desk_policy(targets=respond_in(60))))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(_changes(html)) == 3
    assert 'data-actual="none"' in html
    assert db.session.execute(db.select(Policy)).first() is None


def test_a_period_without_records_says_so(admin, clock_at):
    configure(desk_policy(targets=respond_in(60)))
    month_of_requests(clock_at)
    period = {"since": "2026-10-01", "until": "2026-10-31"}
    html = admin.post(
        f"/sla/policies/{_policy_id()}/backtest", data=_form(desk_policy(), **period)
    ).get_data(as_text=True)
    assert "No record of this type was created in this period" in html
    assert "nhip-empty" in html


def test_a_period_of_more_records_than_the_cap_says_so(admin, clock_at, monkeypatch):
    from plugins.sla.backtest import run

    monkeypatch.setattr(run, "PAGE_CAP", 2)
    configure(desk_policy(targets=respond_in(60)))
    month_of_requests(clock_at)
    html = admin.post(
        f"/sla/policies/{_policy_id()}/backtest", data=_form(desk_policy(targets=respond_in(45)))
    ).get_data(as_text=True)
    assert "Only the first 2 of the 3 records were replayed" in html
    assert "The command nhip sla backtest replays up to 5000." in html
    assert _row(html, "met") == ["met", "2", "1"]  # the two oldest: answered in 40 and 50


def test_the_draft_is_carried_back_to_the_form_and_can_be_saved(admin, clock_at):
    configure(desk_policy(targets=respond_in(60)))
    month_of_requests(clock_at)
    policy_id = _policy_id()
    draft = _form(desk_policy(targets=respond_in(45)))
    html = admin.post(f"/sla/policies/{policy_id}/backtest", data=draft).get_data(as_text=True)
    carried = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert json.loads(carried["targets"].replace("&#34;", '"'))[0]["minutes"] == 45
    back = admin.post(f"/sla/policies/{policy_id}/backtest", data={**draft, "to": "form"})
    assert back.status_code == 200
    assert "&#34;minutes&#34;: 45" in back.get_data(as_text=True)
    assert f'formaction="/sla/policies/{policy_id}/edit"' in html
    saved = admin.post(f"/sla/policies/{policy_id}/edit", data=draft)
    assert saved.status_code == 302
    assert db.session.get(Policy, policy_id).current_version.targets[0].minutes == 45


def test_errors_of_the_draft_and_the_period_are_shown_as_the_form_shows_them(admin):
    configure(desk_policy())
    bad = _form(desk_policy(), since="2026-11-31")
    bad["targets"] = json.dumps([{"name": "Respond", "start": ["created"], "minutes": -5}])
    response = admin.post(f"/sla/policies/{_policy_id()}/backtest", data=bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="problems"' in html
    assert "targets[0].minutes" in html
    assert "since: not a date (YYYY-MM-DD): &#39;2026-11-31&#39;" in html
    assert 'id="backtest"' in html  # the form again, with its Backtest button


def test_the_form_offers_the_backtest_over_last_month(admin, clock_at):
    configure(desk_policy())
    clock_at("2026-12-10T10:00")
    for page in ("/sla/policies/new", f"/sla/policies/{_policy_id()}/edit"):
        html = admin.get(page).get_data(as_text=True)
        assert 'name="since" value="2026-11-01"' in html
        assert 'name="until" value="2026-11-30"' in html
        assert "/backtest" in html


@pytest.mark.parametrize("path", ["/sla/policies/backtest", "/sla/policies/{id}/backtest"])
def test_only_sla_admins_may_backtest(sla_app, client, make_user, login, path):
    configure(desk_policy())
    login(client, make_user("agent@example.com", roles=AGENT))
    response = client.post(path.format(id=_policy_id()), data=_form(desk_policy()))
    assert response.status_code == 403


def test_the_backtest_needs_the_forms_csrf_token(admin, sla_app, monkeypatch):
    configure(desk_policy())
    monkeypatch.setitem(sla_app.config, "WTF_CSRF_ENABLED", True)
    page = admin.get(f"/sla/policies/{_policy_id()}/edit").get_data(as_text=True)
    url = f"/sla/policies/{_policy_id()}/backtest"
    assert admin.post(url, data=_form(desk_policy())).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert admin.post(url, data={**_form(desk_policy()), "csrf_token": token}).status_code == 200


def test_the_page_in_vietnamese(sla_app, client, make_user, login, clock_at):
    from core.translations_build import compile_all

    compile_all()
    configure(desk_policy(targets=respond_in(60)))
    month_of_requests(clock_at)
    login(client, make_user("vi@example.com", roles=["sla_admin", "desk_agent"], language="vi"))
    html = client.post(
        f"/sla/policies/{_policy_id()}/backtest", data=_form(desk_policy(targets=respond_in(45)))
    ).get_data(as_text=True)
    assert "Tỷ lệ tuân thủ" in html and "bản nháp, chưa lưu" in html
    assert "Hồ sơ có kết quả thay đổi" in html


def test_a_draft_not_in_use_is_said_to_start_no_clock(admin, clock_at):
    configure(desk_policy(targets=respond_in(60)))
    month_of_requests(clock_at)
    draft = {**_form(desk_policy(targets=respond_in(60))), "active": ""}
    html = admin.post(f"/sla/policies/{_policy_id()}/backtest", data=draft).get_data(as_text=True)
    assert "data-inactive" in html and "This draft is not in use" in html
    assert _row(html, "met") == ["met", "2", "0"]
