"""The policy builder: its fields and the JSON document give each other back exactly, a new
policy starts from its type's template, and the page saves what was clicked."""

from __future__ import annotations

import json

import pytest

from core.db import db
from core.models import User
from plugins.sla.admin.builder import definition_of, fields_of, normal
from plugins.sla.admin.builder_edits import edit
from plugins.sla.admin.starter import starter
from plugins.sla.config_store import export
from plugins.sla.demo import POLICIES
from plugins.sla.escalation.actions import action_types
from plugins.sla.models import Policy
from plugins.sla.switches import trackable_type
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.form_reader import form_fields


def round_trip(definition: dict) -> dict:
    entity = trackable_type(definition["entity"])
    types = action_types()
    fields = fields_of(definition, entity, types)
    back, problems = definition_of(fields, entity, types)
    assert problems == []
    assert fields_of(back, entity, types) == fields  # and the fields come back the same
    return back


@pytest.fixture
def admin(sla_app, client, make_user, login):
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent"]))
    return client


def test_the_demo_policies_round_trip_exactly(sla_app):
    for policy in POLICIES:
        if trackable_type(policy["entity"]) is None:
            continue
        assert round_trip(normal(policy)) == normal(policy), policy["name"]


def test_exported_policies_round_trip_exactly(sla_app):
    configure(desk_policy(), desk_policy("Desk urgent", order=10, on_change="restart"))
    for policy in export()["policies"]:
        assert round_trip(policy) == policy


EVERY_OPERATOR = {
    "any": [
        {"field": "priority", "op": "eq", "value": "urgent"},
        {"field": "priority", "op": "ne", "value": "low"},
        {"field": "tier", "op": "in", "value": ["vip", "standard"]},  # not in declared order
        {"field": "priority", "op": "not_in", "value": ["low"]},
        {"field": "amount", "op": "gt", "value": 1000},
        {"field": "amount", "op": "gte", "value": 2.5},
        {"field": "amount", "op": "lt", "value": 10},
        {"field": "amount", "op": "lte", "value": 10},
        {"field": "amount", "op": "in", "value": [1, 2, 3]},
        {"field": "subject", "op": "contains", "value": "gấp, khẩn"},
        {"field": "team", "op": "is_set"},
        {"field": "team", "op": "is_set", "value": False},
        {"field": "team", "op": "is_set", "value": True},
        {"field": "state", "op": "eq", "value": "open"},
        {"all": [{"field": "tier", "op": "eq", "value": "vip"}]},  # a nested group
    ]
}
EVERY_ACTION = [
    {"type": "notify", "to": ["manager", "responsible", "role:sla_admin"]},
    {"type": "notify", "to": ["user:sla-admin@example.com"], "channels": ["email"], "levels": 2},
    {"type": "notify", "to": ["responsible"], "channels": ["in_app", "email"], "levels": 1},
    {"type": "reassign", "to": "role:desk_agent"},
    {"type": "raise_priority", "value": "urgent"},
    {"type": "raise_priority", "value": "high", "field": "priority"},
    {"type": "webhook", "url": "https://example.com/hook", "secret": "s3cret"},
    {"type": "webhook", "url": "https://example.com/hook"},
    {"type": "incident"},
    {"type": "incident", "severity": "major", "bonus_impact": True},
    {"type": "incident", "severity": "minor", "bonus_impact": False},
]


def crafted() -> dict:
    return normal(
        desk_policy(
            "Crafted",
            conditions=EVERY_OPERATOR,
            targets=[
                {
                    "name": "Respond",
                    "start": ["created", "open"],
                    "pause": ["waiting"],
                    "stop": ["done", "open"][:1],
                    "cancel": ["cancelled"],
                    "minutes": 95,
                    "warn": [80, 50.5],
                    "escalations": [
                        {"at": 100, "actions": EVERY_ACTION[:6]},
                        {"at": 150.5, "actions": EVERY_ACTION[6:]},
                    ],
                    "calendar": "24/7",
                },
                {"name": "Odd", "start": ["open", "created"], "stop": ["done"], "minutes": 1},
            ],
        )
    )


def test_crafted_policy_with_every_operator_and_action_round_trips(sla_app):
    configure()
    definition = crafted()
    assert round_trip(definition) == definition
    fields = fields_of(definition, trackable_type("desk.request"), action_types())
    # the rows say what they can; only what they cannot is kept as JSON
    assert fields["c0.op"] == "eq" and fields["c4.value"] == "1000"
    assert fields["c11.op"] == "is_empty"
    assert "c12.json" in fields and "c14.json" in fields  # explicit is_set true; a group
    assert fields["t0.hours"] == "1" and fields["t0.mins"] == "35"
    assert fields["t0.e0.a3.to"] == "role:desk_agent"
    assert "t0.e0.a0.json" not in fields and "t1.json" not in fields
    assert fields["t1.start:order"] == "open\ncreated"


def test_a_plugin_action_is_a_json_box_unless_it_describes_its_options(sla_app):
    from plugins.sla.admin.builder_actions import action_fields, read_action
    from plugins.sla.escalation.actions import ActionType
    from plugins.sla.escalation.actions.options import Option

    bare = ActionType("page_someone", "Page someone", lambda config: [])
    described = ActionType(
        "page_someone",
        "Page someone",
        lambda config: [],
        options=(Option("pager", "text"), Option("urgent", "check", default=False)),
    )
    action = {"type": "page_someone", "pager": "+84 90", "urgent": True}
    for kind, box in ((bare, "a.settings"), (described, "a.pager")):
        types = {**action_types(), "page_someone": kind}
        fields = action_fields(action, types, "a")
        assert fields["a.type"] == "page_someone" and box in fields and "a.json" not in fields
        assert read_action(fields, types, "a") == (action, [])


@pytest.mark.parametrize(
    ("entity", "stop", "cancel"),
    [
        ("orders.sales_order", ["delivered"], ["cancelled"]),
        ("crm.ticket", ["resolved", "closed"], []),
        ("hr.leave_request", ["approved", "rejected"], ["cancelled"]),
    ],
)
def test_a_new_policy_starts_from_its_types_template(sla_app, entity, stop, cancel):
    configure()
    found = trackable_type(entity)
    assert found is not None, entity
    target = starter(found)["targets"][0]
    assert target["start"] == ["created"]
    assert target["stop"] == stop and target["cancel"] == cancel
    assert target["minutes"] == 480 and target["escalations"]
    assert starter(found)["calendar"] == "VN office"  # the office calendar, not 24/7


def test_the_template_takes_the_calendar_of_the_types_other_policies(sla_app):
    configure(desk_policy(calendar="24/7"))
    assert starter(trackable_type("desk.request"))["calendar"] == "24/7"


def test_builder_buttons_add_and_remove_rows_cards_levels_actions(sla_app):
    configure()
    entity = trackable_type("desk.request")
    d = normal(desk_policy())
    d = edit("add_condition", d, entity)
    assert d["conditions"] == {"all": [{"field": "priority", "op": "eq", "value": "low"}]}
    d = edit("add_target", edit("add_level:0", d, entity), entity)
    assert len(d["targets"]) == 3 and d["targets"][0]["escalations"][0]["at"] == 100
    d = edit("add_action:0:0", d, entity)
    assert len(d["targets"][0]["escalations"][0]["actions"]) == 2
    d = edit("remove_action:0:0:1", edit("remove_target:2", d, entity), entity)
    d = edit("remove_level:0:0", edit("remove_condition:0", d, entity), entity)
    assert d == normal(desk_policy())
    assert edit("remove_target:99", d, entity) == d  # a stale button changes nothing


def _page_fields(admin, path: str) -> dict:
    """The fields a GET of the builder page fills in, as a browser would post them."""
    fields = form_fields(admin.get(path).get_data(as_text=True))
    fields.pop("csrf_token", None)
    return fields


def test_the_json_view_and_the_builder_switch_without_losing_anything(admin):
    configure(crafted())
    policy = db.session.execute(db.select(Policy)).scalar_one()
    definition = export()["policies"][0]
    fields = fields_of(definition, trackable_type("desk.request"), action_types())
    page = admin.post(
        f"/sla/policies/{policy.id}/edit", data={**fields, "do": "to_json", "view": "builder"}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="document"' in html and "Crafted" in html
    document = json.loads(form_fields(html)["document"])
    assert document == definition
    document["targets"][0]["minutes"] = 125  # a power user's edit in the JSON view
    back = admin.post(
        f"/sla/policies/{policy.id}/edit",
        data={
            "view": "json",
            "document": json.dumps(document),
            "do": "to_builder",
            "name": "Crafted",
            "entity": "desk.request",
        },
    )
    shown = form_fields(back.get_data(as_text=True))
    assert back.status_code == 200
    assert (shown["t0.hours"], shown["t0.mins"], shown["view"]) == ("2", "5", "builder")


def test_saving_the_builder_makes_a_new_version(admin):
    configure(desk_policy())
    policy = db.session.execute(db.select(Policy)).scalar_one()
    fields = _page_fields(admin, f"/sla/policies/{policy.id}/edit")
    assert fields["t0.hours"] == "1" and fields["t1.pause.waiting"] == "1"
    fields.update({"t0.hours": "2", "do": "save"})
    response = admin.post(f"/sla/policies/{policy.id}/edit", data=fields)
    assert response.status_code == 302
    db.session.expire_all()
    version = db.session.get(Policy, policy.id).current_version
    assert version.number == 2 and version.targets[0].minutes == 120
    expected = normal(desk_policy())
    expected["targets"][0]["minutes"] = 120
    assert export()["policies"][0] == expected | {"active": True}


def test_problems_are_listed_beside_their_part(admin):
    configure(desk_policy())
    fields = _page_fields(admin, "/sla/policies/new?entity=desk.request")
    fields.update({"name": "New one", "t0.hours": "0", "t0.mins": "0", "do": "save"})
    fields.pop("t0.stop.done", None)
    response = admin.post("/sla/policies/new", data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-problem="t0"' in html and "targets[0].minutes" in html
    assert "targets[0].stop" in html
    assert db.session.execute(db.select(Policy).where(Policy.name == "New one")).first() is None


def test_the_builder_needs_sla_admin_and_a_csrf_token(sla_app, client, make_user, login):
    configure(desk_policy())
    login(client, make_user("clerk@example.com", roles=["employee"]))
    assert client.get("/sla/policies/new").status_code == 403
    assert client.post("/sla/policies/new", data={"do": "add_target"}).status_code == 403


def test_the_builder_in_vietnamese(admin):
    configure(desk_policy())
    user = db.session.execute(
        db.select(User).where(User.email == "sla-admin@example.com")
    ).scalar_one()
    user.language = "vi"
    db.session.commit()
    html = admin.get("/sla/policies/new?entity=desk.request").get_data(as_text=True)
    for english in ("Add a condition", "Add a target", "Save as draft", "Escalation ladder"):
        assert english not in html, english


@pytest.mark.parametrize(
    "document",
    [
        "[]",
        '{"entity": "desk.request", "conditions": 5, "targets": [1, "x", null]}',
        '{"entity": "desk.request", "conditions": ["a"], "targets": {"a": 1}}',
        '{"entity": "desk.request", "targets": [{"escalations": [{"at": "x", "actions": 3}]}]}',
        '{"entity": "nowhere.thing", "targets": []}',
        '{"entity": "desk.request", "name": "\\u0000", "targets": []}',
        "{not json",
    ],
)
def test_odd_json_switches_to_the_builder_or_says_why_never_a_500(admin, document):
    configure(desk_policy())
    data = {"view": "json", "document": document, "do": "to_builder"}
    for command in ("to_builder", "save", "draft"):
        response = admin.post("/sla/policies/new", data={**data, "do": command})
        assert response.status_code in (200, 422), (command, response.status_code)
    assert db.session.execute(db.select(Policy)).scalars().all()[0].name == "Desk standard"


def test_odd_builder_fields_never_give_a_500(admin):
    configure(desk_policy())
    odd = {
        "entity": "desk.request",
        "t.count": "3",
        "c.count": "x",
        "t0.e.count": "-4",
        "t1.e.count": "2",
        "t1.e0.a.count": "1",
        "t1.e0.a0.type": "no_such_action",
        "t1.e0.a0.settings": "[1",
        "t2.json": '{"name": 3}',
        "t0.hours": "abc",
        "t0.warn": "50, x, ",
    }
    commands = ("refresh", "add_level:1", "remove_action:1:0:0", "to_json", "save", "draft")
    for entity in ("desk.request", "nowhere.thing"):
        for command in commands:
            data = {**odd, "entity": entity, "c.count": "1", "c0.field": "x", "do": command}
            response = admin.post("/sla/policies/new", data=data)
            assert response.status_code in (200, 422), (entity, command, response.status_code)
    assert len(db.session.execute(db.select(Policy)).scalars().all()) == 1


def test_a_new_policy_opens_on_a_tracked_type_with_states(admin):
    """Not on the first type by name (customers have no states: nothing could meet a target)."""
    configure(desk_policy())
    fields = _page_fields(admin, "/sla/policies/new")
    entity = trackable_type(fields["entity"])
    assert entity.states, f"{entity.key} has no states"
    assert fields["entity"] == "desk.request", "the one type whose tracking is on"
