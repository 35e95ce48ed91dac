"""Policy drafts: saved from the builder, applied to no record, previewed against real records,
backtested, published as the next version (a stale draft refused), discarded."""

from __future__ import annotations

import pytest

from core.db import db
from plugins.sla.admin.drafts import save_draft
from plugins.sla.config_store import export
from plugins.sla.models import Policy, PolicyDraft
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.form_reader import form_fields
from plugins.sla.tests.helpers import clocks_of, new_request


@pytest.fixture
def admin(sla_app, client, make_user, login):
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent"]))
    return client


def _fields(admin, path: str) -> dict:
    fields = form_fields(admin.get(path).get_data(as_text=True))
    fields.pop("csrf_token", None)
    return fields


def _policy() -> Policy:
    return db.session.execute(db.select(Policy)).scalar_one()


def _draft() -> PolicyDraft:
    return db.session.execute(db.select(PolicyDraft)).scalar_one()


def _save_draft(admin, policy_id: int, **changes) -> PolicyDraft:
    fields = _fields(admin, f"/sla/policies/{policy_id}/edit")
    response = admin.post(
        f"/sla/policies/{policy_id}/edit", data={**fields, **changes, "do": "draft"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return _draft()


def test_a_draft_changes_nothing_until_published(admin):
    configure(desk_policy())
    policy = _policy()
    draft = _save_draft(admin, policy.id, **{"t0.hours": "3"})
    db.session.expire_all()
    assert _policy().current_version.number == 1
    assert clocks_of(new_request())["Respond"].target.minutes == 60  # the draft applies to none
    page = admin.get(f"/sla/policies/{policy.id}").get_data(as_text=True)
    assert "data-draft-banner" in page and "Draft by" in page
    words = admin.get(f"/sla/policies/drafts/{draft.id}").get_data(as_text=True)
    assert "3h" in words and "data-publish" in words
    assert "data-has-draft" in admin.get("/sla/policies").get_data(as_text=True)
    edit_page = admin.get(f"/sla/policies/{policy.id}/edit").get_data(as_text=True)
    assert "data-pending-draft" in edit_page  # saving another draft would replace this one


def test_a_new_policys_draft_creates_no_policy_and_starts_no_clock(admin):
    configure()
    fields = _fields(admin, "/sla/policies/new?entity=desk.request")
    response = admin.post("/sla/policies/new", data={**fields, "name": "Desk new", "do": "draft"})
    assert response.status_code == 302
    assert db.session.execute(db.select(Policy)).first() is None
    assert clocks_of(new_request()) == {}
    listing = admin.get("/sla/policies").get_data(as_text=True)
    assert "data-new-drafts" in listing and "Desk new" in listing
    published = admin.post(f"/sla/policies/drafts/{_draft().id}/publish")
    assert published.status_code == 302
    assert _policy().name == "Desk new" and _policy().current_version.number == 1
    assert clocks_of(new_request())  # published: it applies now


def test_publishing_makes_the_next_version_once(admin):
    configure(desk_policy())
    policy = _policy()
    draft = _save_draft(admin, policy.id, **{"t0.hours": "2"})
    response = admin.post(f"/sla/policies/drafts/{draft.id}/publish")
    assert response.status_code == 302
    db.session.expire_all()
    version = _policy().current_version
    assert version.number == 2 and version.targets[0].minutes == 120
    assert db.session.execute(db.select(PolicyDraft)).first() is None
    again = admin.post(f"/sla/policies/drafts/{draft.id}/publish")
    assert again.status_code == 404  # gone: published already


def test_a_draft_of_an_older_version_is_refused(admin):
    configure(desk_policy())
    policy = _policy()
    draft = _save_draft(admin, policy.id, **{"t0.hours": "2"})
    fields = _fields(admin, f"/sla/policies/{policy.id}/edit")
    saved = admin.post(f"/sla/policies/{policy.id}/edit", data={**fields, "t1.hours": "5"})
    assert saved.status_code == 302  # someone saved version 2 meanwhile
    page = admin.get(f"/sla/policies/drafts/{draft.id}").get_data(as_text=True)
    assert "data-stale" in page
    refused = admin.post(f"/sla/policies/drafts/{draft.id}/publish")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "changed since this draft was made" in text
    db.session.expire_all()
    assert _policy().current_version.number == 2 and _draft() is not None
    again = _save_draft(admin, policy.id, **{"t0.hours": "2"})  # saved again: based on v2
    assert admin.post(f"/sla/policies/drafts/{again.id}/publish").status_code == 302
    db.session.expire_all()
    version = _policy().current_version
    assert version.number == 3 and [t.minutes for t in version.targets] == [120, 300]


def test_the_preview_shows_matching_records_and_their_deadlines(admin):
    configure(desk_policy())
    vip = new_request(subject="VIP printer", tier="vip")
    plain = new_request(subject="Plain printer", tier="standard")
    fields = _fields(admin, f"/sla/policies/{_policy().id}/edit")
    fields["do"] = "add_condition"
    shaped = form_fields(
        admin.post(f"/sla/policies/{_policy().id}/edit", data=fields).get_data(as_text=True)
    )
    shaped.pop("csrf_token", None)
    shaped.update({"c0.field": "tier", "c0.op": "eq", "c0.value": "vip", "do": "draft"})
    assert admin.post(f"/sla/policies/{_policy().id}/edit", data=shaped).status_code == 302
    page = admin.get(f"/sla/policies/drafts/{_draft().id}/preview").get_data(as_text=True)
    rows = {r.split('"')[0]: r for r in page.split('data-record="')[1:]}
    assert 'data-matches="yes"' in rows[str(vip.id)] and "Respond: " in rows[str(vip.id)]
    assert 'data-matches="no"' in rows[str(plain.id)] and "Respond: " not in rows[str(plain.id)]


def test_the_draft_can_be_backtested(admin):
    configure(desk_policy())
    draft = _save_draft(admin, _policy().id, **{"t0.hours": "2"})
    page = admin.get(f"/sla/policies/drafts/{draft.id}").get_data(as_text=True)
    fields = form_fields(page.split('id="backtest"')[0][-200:] + page.split('id="backtest"')[1])
    response = admin.post(f"/sla/policies/{_policy().id}/backtest", data=fields)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert "Backtest of Desk standard" in response.get_data(as_text=True)


def test_discarding_keeps_the_policy(admin):
    configure(desk_policy())
    draft = _save_draft(admin, _policy().id, **{"t0.hours": "2"})
    assert admin.post(f"/sla/policies/drafts/{draft.id}/discard").status_code == 302
    assert db.session.execute(db.select(PolicyDraft)).first() is None
    assert _policy().current_version.number == 1


def test_draft_pages_need_sla_admin(sla_app, client, make_user, login):
    configure(desk_policy())
    definition = export()["policies"][0]
    draft = save_draft({**definition, "order": 5}, _policy(), None)
    login(client, make_user("clerk@example.com", roles=["employee"]))
    for path in ("", "/preview", "/edit"):
        assert client.get(f"/sla/policies/drafts/{draft.id}{path}").status_code == 403
    for path in ("/publish", "/discard"):
        assert client.post(f"/sla/policies/drafts/{draft.id}{path}").status_code == 403
    assert _draft() is not None and _policy().order == 100
