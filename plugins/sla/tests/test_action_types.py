"""Action types are pluggable: a plugin's ``sla_action_types`` adds a type whose configuration
is validated with the SLA configuration and whose ``run`` the escalation job calls."""

from __future__ import annotations

import pytest

from core import records
from core.db import db
from core.hookmarkers import hookimpl
from plugins.sla.config_store import ConfigError, apply
from plugins.sla.escalation.actions import BUILTIN, ActionType, action_types
from plugins.sla.escalation.context import DONE, FAILED, Outcome
from plugins.sla.tests.action_support import context_for, run
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import new_request


def _check(config: dict) -> list[str]:
    channel = config.get("channel")
    return [] if isinstance(channel, str) and channel.startswith("#") else ["channel: #name"]


def _post(context, config: dict) -> Outcome:
    records.update(context.entity, context.record, {"team": "ESCALATED"}, commit=False)
    return Outcome(DONE, {"channel": config["channel"], "percent": context.percent})


def _explode(context, config: dict) -> Outcome:
    records.update(context.entity, context.record, {"team": "HALF-DONE"}, commit=False)
    raise RuntimeError("chat service unreachable")


class ChatOps:
    """A third party's plugin adding two action types."""

    @hookimpl
    def sla_action_types(self):
        return [
            ActionType("chat", "Post in a chat channel", _check, _post),
            ActionType("flaky", "Fails", lambda config: [], _explode),
        ]


@pytest.fixture
def chatops(sla_app):
    pm = sla_app.extensions["nhip"].live.pm
    plugin = ChatOps()
    pm.register(plugin)
    yield plugin
    pm.unregister(plugin)


def _policy(actions: list[dict]) -> dict:
    policy = desk_policy()
    policy["targets"][1]["escalations"] = [{"at": 100, "actions": actions}]
    return policy


def test_hook_sla_action_types(chatops, clock_at):
    assert set(action_types()) >= {t.name for t in BUILTIN} | {"chat", "flaky"}
    configure(_policy([{"type": "chat", "channel": "#support"}]))
    clock_at("2026-12-07T09:00")
    request = new_request(team="SUPPORT")
    clock_at("2026-12-07T15:30")
    (outcome,) = run(context_for(request), {"type": "chat", "channel": "#support"})
    assert outcome.status == DONE
    assert outcome.detail == {"channel": "#support", "percent": 100.0}
    assert request.team == "ESCALATED"


def test_a_plugin_types_configuration_is_validated_with_the_policy(chatops):
    with pytest.raises(ConfigError) as refused:
        apply({"policies": [_policy([{"type": "chat", "channel": "support"}])]})
    assert "escalations[0].actions[0].channel: #name" in str(refused.value)


def test_an_unknown_type_is_refused_naming_the_known_ones(sla_app):
    with pytest.raises(ConfigError) as refused:
        configure(_policy([{"type": "chat", "channel": "#support"}]))
    assert "unknown action 'chat'; known: " in str(refused.value)
    assert "incident, notify, raise_priority, reassign, webhook" in str(refused.value)


def test_a_runner_that_raises_is_failed_undone_and_the_level_goes_on(chatops, clock_at):
    configure(desk_policy())
    clock_at("2026-12-07T09:00")
    request = new_request(team="SUPPORT")
    clock_at("2026-12-07T15:30")
    outcomes = run(
        context_for(request),
        {"type": "flaky"},
        {"type": "chat", "channel": "#support"},
    )
    assert [o.status for o in outcomes] == [FAILED, DONE]
    assert outcomes[0].error == "RuntimeError: chat service unreachable"
    db.session.commit()
    db.session.refresh(request)
    assert request.team == "ESCALATED"
