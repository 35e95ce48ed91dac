"""Two admins pressing Publish on the same draft at the same moment, on the real server
(``nhip run``) on SQLite and PostgreSQL: the draft is published once (one new version), the
other admin is told it is already published; Publish and Save as draft without their CSRF
token are refused."""

from __future__ import annotations

from core.db import db
from core.testing_server import app_env, at_once, running_server
from plugins.sla.admin.drafts import save_draft
from plugins.sla.config_store import export
from plugins.sla.models import Policy, PolicyDraft, PolicyVersion
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.test_backtest_concurrent import (
    PASSWORD,
    TIMEOUT,
    _csrf,
    _signed_in,
)

ADMINS = ("an@example.com", "binh@example.com")


def test_two_admins_publishing_one_draft_publish_it_once(sla_app, make_user, tmp_path):
    configure(desk_policy())
    for email in ADMINS:
        make_user(email, roles=["sla_admin", "desk_agent"], password=PASSWORD)
    policy = db.session.execute(db.select(Policy)).scalar_one()
    definition = export()["policies"][0]
    definition["targets"][0]["minutes"] = 75
    draft_id = save_draft(definition, policy, None).id
    policy_id = policy.id
    db.session.remove()
    with running_server(app_env(sla_app), tmp_path / "server.log") as url:
        browsers = [_signed_in(url, e) for e in ADMINS]
        page = f"{url}/sla/policies/drafts/{draft_id}"
        tokens = [_csrf(b.get(page, timeout=TIMEOUT).text) for b in browsers]
        refused = browsers[0].post(f"{page}/publish", timeout=TIMEOUT, allow_redirects=False)
        assert refused.status_code == 400  # no CSRF token
        unsaved = browsers[1].post(
            f"{url}/sla/policies/new",
            data={"entity": "desk.request", "name": "No token", "do": "draft"},
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        assert unsaved.status_code == 400  # the builder's Save as draft needs it too
        answers = at_once(
            [
                lambda b=b, t=t: b.post(
                    f"{page}/publish",
                    data={"csrf_token": t},
                    timeout=TIMEOUT,
                    allow_redirects=False,
                )
                for b, t in zip(browsers, tokens, strict=True)
            ],
            timeout=TIMEOUT,
        )
    log = (tmp_path / "server.log").read_text()
    codes = sorted(a.status_code for a in answers)
    assert codes in ([302, 404], [302, 409]), log  # 404: gone before it was read
    loser = next(a for a in answers if a.status_code != 302)
    if loser.status_code == 409:
        assert "already published" in loser.text
    versions = db.session.execute(
        db.select(PolicyVersion.number).where(PolicyVersion.policy_id == policy_id)
    ).scalars()
    assert sorted(versions) == [1, 2]
    assert db.session.get(Policy, policy_id).current_version.targets[0].minutes == 75
    assert db.session.execute(db.select(PolicyDraft)).first() is None  # "No token" saved none
