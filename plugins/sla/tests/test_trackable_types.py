"""SLA's own record types (``sla.incident``) and the host's (``core.user``) are not trackable:
the overview, the preview, the policy form, configuration files and ``nhip sla`` offer every
other plugin's types and never these."""

from __future__ import annotations

import json

import pytest

from plugins.sla.config_store import ConfigError, apply
from plugins.sla.switches import is_tracked, trackable_types
from plugins.sla.tests.conftest import OFFICE, desk_policy

UNTRACKABLE = ("sla.incident", "core.user")


@pytest.fixture
def admin(sla_app, client, make_user, login):
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent"]))
    return client


def test_trackable_types_are_every_plugins_but_the_hosts_and_slas(sla_app):
    keys = [e.key for e in trackable_types()]
    assert "desk.request" in keys
    assert not set(UNTRACKABLE) & set(keys)


@pytest.mark.parametrize("path", ["/sla/", "/sla/preview", "/sla/policies/new"])
def test_the_admin_pages_do_not_offer_them(admin, path):
    page = admin.get(path).get_data(as_text=True)
    offered = 'data-entity="{}"' if path == "/sla/" else '<option value="{}"'
    assert offered.format("desk.request") in page
    for key in UNTRACKABLE:
        assert offered.format(key) not in page


@pytest.mark.parametrize("key", UNTRACKABLE)
def test_switching_them_on_is_refused(admin, key):
    answer = admin.post("/sla/switches", data={"entity": key, "enabled": "1"})
    assert answer.status_code == 302
    assert not is_tracked(key)


@pytest.mark.parametrize("key", UNTRACKABLE)
def test_their_preview_asks_for_a_record_type_again(admin, key):
    page = admin.get(f"/sla/preview?entity={key}&record_id=1").get_data(as_text=True)
    assert 'name="record_id"' not in page


def test_a_policy_on_them_is_refused(sla_app):
    policy = {**desk_policy(), "entity": "sla.incident"}
    with pytest.raises(ConfigError) as refused:
        apply({"calendars": [OFFICE], "policies": [policy]})
    assert "policies[0].entity: unknown entity type 'sla.incident'" in refused.value.problems


def test_the_cli_neither_lists_nor_switches_them(sla_app):
    runner = sla_app.test_cli_runner()
    modules = json.loads(runner.invoke(args=["sla", "modules", "--json"]).output)
    listed = {row["entity"] for row in modules}
    assert "desk.request" in listed and not set(UNTRACKABLE) & listed
    refused = runner.invoke(args=["sla", "enable", "sla.incident"])
    assert refused.exit_code != 0
    assert not is_tracked("sla.incident")
