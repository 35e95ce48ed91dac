"""The SLA configuration file: every validation error with its place, all or nothing,
export and import round trip, and the ``nhip sla`` commands."""

from __future__ import annotations

import json

import pytest

from core.db import db
from plugins.sla.config_store import ConfigError, apply, export
from plugins.sla.models import Calendar, Policy
from plugins.sla.tests.conftest import ALWAYS, OFFICE, desk_policy


def problems_of(doc) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        apply(doc)
    return caught.value.problems


def _with_target(**changes) -> dict:
    policy = desk_policy()
    policy["targets"][0].update(changes)
    return {"calendars": [OFFICE], "policies": [policy]}


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ([], "document: must be an object with 'calendars' and/or 'policies'"),
        ({"calendar": []}, "document: unknown key 'calendar'"),
        ({"calendars": {}}, "calendars: must be a list"),
        ({"calendars": [{**OFFICE, "name": ""}]}, "calendars[0].name: a name of 1 to 100"),
        ({"calendars": [{**OFFICE, "timezone": "Mars/Olympus"}]}, "calendars[0]: "),
        ({"calendars": [{**OFFICE, "country": "XX"}]}, "calendars[0]: "),
        ({"calendars": [{**OFFICE, "week": {"monday": []}}]}, "calendars[0].week.monday: not"),
        ({"calendars": [{**OFFICE, "week": {"mon": ["9-5"]}}]}, "calendars[0]: "),
        ({"calendars": [{**OFFICE, "week": {}}]}, "calendars[0]: "),
        (
            {"calendars": [{**OFFICE, "holidays": ["2026-13-01"]}]},
            "calendars[0].holidays[0]: '2026-13-01' is not a date",
        ),
        ({"calendars": [OFFICE, OFFICE]}, "calendars[1].name: 'VN office' appears twice"),
        (
            {"calendars": [OFFICE], "policies": [{**desk_policy(), "entity": "nope.thing"}]},
            "policies[0].entity: unknown entity type 'nope.thing'",
        ),
        (
            {"calendars": [OFFICE], "policies": [{**desk_policy(), "calendar": "Moon"}]},
            "policies[0].calendar: unknown calendar 'Moon'",
        ),
        (
            {"calendars": [OFFICE], "policies": [{**desk_policy(), "on_change": "maybe"}]},
            "policies[0].on_change: one of carry_over, restart",
        ),
        (
            {"calendars": [OFFICE], "policies": [{**desk_policy(), "order": "first"}]},
            "policies[0].order: a whole number",
        ),
        (
            {"calendars": [OFFICE], "policies": [{**desk_policy(), "targets": []}]},
            "policies[0].targets: a non-empty list",
        ),
        (
            {"calendars": [OFFICE], "policies": [{**desk_policy(), "colour": "red"}]},
            "policies[0]: unknown key 'colour'",
        ),
        (
            {
                "calendars": [OFFICE],
                "policies": [
                    desk_policy(conditions={"all": [{"field": "nope", "op": "eq", "value": 1}]})
                ],
            },
            "policies[0].conditions.all[0].field: unknown field 'nope'",
        ),
        (
            {
                "calendars": [OFFICE],
                "policies": [
                    desk_policy(
                        conditions={"all": [{"field": "tier", "op": "like", "value": "vip"}]}
                    )
                ],
            },
            "policies[0].conditions.all[0].op: unknown operator 'like'",
        ),
        (
            {
                "calendars": [OFFICE],
                "policies": [
                    desk_policy(
                        conditions={"all": [{"field": "tier", "op": "eq", "value": "gold"}]}
                    )
                ],
            },
            "policies[0].conditions.all[0].value: 'gold' is not one of standard, vip",
        ),
        (
            {
                "calendars": [OFFICE],
                "policies": [
                    desk_policy(
                        conditions={"any": [{"field": "subject", "op": "gt", "value": "a"}]}
                    )
                ],
            },
            "policies[0].conditions.any[0].op: gt needs a number or date field",
        ),
        (
            {
                "calendars": [OFFICE],
                "policies": [
                    desk_policy(
                        conditions={"all": [{"field": "amount", "op": "gte", "value": "ten"}]}
                    )
                ],
            },
            "policies[0].conditions.all[0].value: must be a number",
        ),
        (
            {
                "calendars": [OFFICE],
                "policies": [
                    desk_policy(conditions={"all": [{"field": "tier", "op": "in", "value": []}]})
                ],
            },
            "policies[0].conditions.all[0].value: in takes a non-empty list",
        ),
        (
            {
                "calendars": [OFFICE],
                "policies": [desk_policy(conditions={"all": {"field": "tier"}})],
            },
            "policies[0].conditions.all: must be a list",
        ),
        (_with_target(start=["opened"]), "policies[0].targets[0].start: 'opened' is not a state"),
        (_with_target(stop=[]), "policies[0].targets[0].stop: at least one state"),
        (_with_target(start=[]), "policies[0].targets[0].start: at least one state"),
        (_with_target(pause=["done"]), "policies[0].targets[0]: done is in both pause and stop"),
        (_with_target(minutes=0), "policies[0].targets[0].minutes: a positive whole number"),
        (_with_target(minutes=1.5), "policies[0].targets[0].minutes: a positive whole number"),
        (_with_target(warn=[120]), "policies[0].targets[0].warn: a list of percentages"),
        (_with_target(calendar="Moon"), "policies[0].targets[0].calendar: unknown calendar"),
        (
            _with_target(
                escalations=[{"at": 0, "actions": [{"type": "notify", "to": ["manager"]}]}]
            ),
            "policies[0].targets[0].escalations[0].at: a percentage of the goal above 0",
        ),
        (
            _with_target(escalations=[{"at": 100, "actions": []}]),
            "policies[0].targets[0].escalations[0].actions: a non-empty list",
        ),
        (
            _with_target(escalations=[{"at": 100, "actions": [{"type": "fax"}]}]),
            "policies[0].targets[0].escalations[0].actions[0].type: unknown action 'fax'",
        ),
        (
            _with_target(
                escalations=[{"at": 100, "actions": [{"type": "notify", "to": ["boss"]}]}]
            ),
            "policies[0].targets[0].escalations[0].actions[0].to[0]: 'boss' is not one of",
        ),
        (
            _with_target(
                escalations=[{"at": 100, "actions": [{"type": "webhook", "url": "ftp://x"}]}]
            ),
            "policies[0].targets[0].escalations[0].actions[0].url: an http(s) URL",
        ),
        (
            _with_target(name="Resolve"),
            "policies[0].targets[1].name: 'Resolve' appears twice in this policy",
        ),
        (
            {"calendars": [OFFICE], "policies": [desk_policy(), desk_policy()]},
            "policies[1].name: 'Desk standard' appears twice",
        ),
    ],
)
def test_each_problem_is_reported_with_its_place(sla_app, doc, problem):
    found = problems_of(doc)
    assert any(p.startswith(problem) for p in found), found


def test_all_problems_are_listed_at_once(sla_app):
    doc = {
        "calendars": [{**OFFICE, "timezone": "Mars/Olympus"}],
        "policies": [{**desk_policy(), "entity": "nope.thing", "on_change": "maybe"}],
    }
    assert len(problems_of(doc)) >= 3


def test_a_bad_document_changes_nothing(sla_app):
    apply({"calendars": [OFFICE]})
    bad = {
        "calendars": [{**OFFICE, "timezone": "UTC"}, ALWAYS],
        "policies": [{**desk_policy(), "calendar": "Moon"}],
    }
    problems_of(bad)
    db.session.expire_all()
    calendars = db.session.execute(db.select(Calendar)).scalars().all()
    assert [(c.name, c.timezone) for c in calendars] == [("VN office", "Asia/Ho_Chi_Minh")]
    assert db.session.execute(db.select(Policy)).first() is None


def test_import_updates_by_name(sla_app):
    apply({"calendars": [OFFICE], "policies": [desk_policy()]})
    report = apply({"calendars": [{**OFFICE, "holidays": ["2026-12-24"]}]})
    assert report["updated"] == ["calendar VN office"]
    assert db.session.execute(db.select(Calendar)).scalar_one().holidays == ["2026-12-24"]


def test_export_then_import_changes_nothing(sla_app):
    apply({"calendars": [OFFICE, ALWAYS], "policies": [desk_policy()]})
    report = apply(export())
    assert report["created"] == report["updated"] == []
    assert len(report["unchanged"]) == 3


def test_cli_import_lists_errors_and_exits_non_zero(sla_app, tmp_path):
    path = tmp_path / "sla.json"
    path.write_text(json.dumps({"calendars": [{**OFFICE, "week": {"mon": ["18:00-08:00"]}}]}))
    result = sla_app.test_cli_runner().invoke(args=["sla", "import", str(path)])
    assert result.exit_code == 1
    assert "calendars[0]:" in result.output
    assert "nothing was changed" in result.output


def test_cli_export_import_and_switches(sla_app, tmp_path):
    runner = sla_app.test_cli_runner()
    path = tmp_path / "sla.json"
    path.write_text(json.dumps({"calendars": [OFFICE], "policies": [desk_policy()]}))
    assert (
        "created: policy Desk standard" in runner.invoke(args=["sla", "import", str(path)]).output
    )
    exported = json.loads(runner.invoke(args=["sla", "export"]).output)
    assert [p["name"] for p in exported["policies"]] == ["Desk standard"]
    assert runner.invoke(args=["sla", "enable", "desk.request"]).exit_code == 0
    modules = json.loads(runner.invoke(args=["sla", "modules", "--json"]).output)
    assert {
        "entity": "desk.request",
        "module": "desk",
        "label": "Request",
        "tracking": True,
    } in modules
    assert runner.invoke(args=["sla", "disable", "desk.request"]).exit_code == 0
    unknown = runner.invoke(args=["sla", "enable", "nope.thing"])
    assert unknown.exit_code != 0 and "unknown entity type" in unknown.output
