"""``POST /api/v1/<entity>/<id>/transition``: workflow moves, their permissions and refusals."""

from __future__ import annotations

import pytest
from api_lab.fixtures import lab_app_fixture, lab_fixture  # noqa: F401

from core import hookimpl
from core.errors import BusinessRuleError

BOSS = ["lab_boss"]
WRITER = ["lab_writer"]
TRANSITION_AUDITS = "select count(*) from core_audit_entry where kind = 'transition'"


def move(lab, headers, record_id, body):
    return lab.call("POST", f"/lab.gadget/{record_id}/transition", headers, json=body)


def state_of(lab, record_id) -> str:
    sql = "select count(*) from lab_gadget where id = :id and state = 'draft'"
    return "draft" if lab.count(sql, id=record_id) else "moved"


def test_a_legal_transition_moves_the_record_and_keeps_the_note(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    response = move(lab, headers, record["id"], {"to": "ready", "note": " checked twice "})
    assert response.status_code == 200, response.json
    assert response.json["state"] == "ready"
    assert response.json == {**record, "state": "ready", "version": response.json["version"]}
    assert response.json["version"] > record["version"]
    sql = (
        "select count(*) from core_audit_entry where record_id = :id and kind = 'transition'"
        " and message = 'checked twice'"
    )
    assert lab.count(sql, id=record["id"]) == 1


def test_an_illegal_transition_is_409_with_the_allowed_states(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    response = move(lab, headers, record["id"], {"to": "shipped"})
    assert response.status_code == 409
    assert response.json["allowed"] == ["ready", "cancelled"]
    assert "from draft to shipped" in response.json["error"]
    assert lab.count(TRANSITION_AUDITS) == 0


def test_no_transition_leaves_a_final_state(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    move(lab, headers, record["id"], {"to": "cancelled"})
    response = move(lab, headers, record["id"], {"to": "draft"})
    assert response.status_code == 409
    assert response.json["allowed"] == []


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"to": "lost"}, "to", "must be one of: draft, ready, shipped, cancelled"),
        ({"to": 3}, "to", "must be text"),
        ({}, "to", "required"),
        ({"to": "ready", "note": 5}, "note", "must be text"),
        ({"to": "ready", "note": "x" * 4001}, "note", "at most 4000 characters"),
        ({"to": "ready", "why": "x"}, "why", "unknown field"),
    ],
)
def test_a_bad_transition_body_is_422(lab, body, field, message):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    response = move(lab, headers, record["id"], body)
    assert response.status_code == 422
    assert response.json["fields"] == {field: message}
    assert state_of(lab, record["id"]) == "draft"


def owned_gadget(lab, boss, owner_id, state="draft") -> dict:
    """A gadget of ``owner_id`` (so that it is in their scope), moved to ``state``."""
    record = lab.gadget(boss, owner_id=owner_id)
    if state != "draft":
        assert move(lab, boss, record["id"], {"to": state}).status_code == 200
    return record


def test_a_transition_with_its_own_permission_refuses_callers_without_it(lab):
    boss = lab.caller("boss@example.com", BOSS)
    writer_id = lab.user("writer@example.com", WRITER)
    writer = {"Authorization": f"Bearer {lab.token(writer_id)}"}
    record = owned_gadget(lab, boss, writer_id, "ready")
    response = move(lab, writer, record["id"], {"to": "shipped"})
    assert response.status_code == 403
    assert response.json == {"error": "moving to shipped needs the permission lab.ship"}
    assert lab.call("GET", f"/lab.gadget/{record['id']}", writer).json["state"] == "ready"
    assert move(lab, writer, record["id"], {"to": "draft"}).status_code == 200


def test_the_special_permission_is_enough_without_the_write_one(lab):
    boss = lab.caller("boss@example.com", BOSS)
    shipper_id = lab.user("shipper@example.com", ["lab_shipper"])
    shipper = {"Authorization": f"Bearer {lab.token(shipper_id)}"}
    record = owned_gadget(lab, boss, shipper_id, "ready")
    response = move(lab, shipper, record["id"], {"to": "shipped"})
    assert response.status_code == 200, response.json
    assert response.json["state"] == "shipped"


def test_other_transitions_need_the_write_permission(lab):
    boss = lab.caller("boss@example.com", BOSS)
    reader_id = lab.user("reader@example.com", ["lab_reader"])
    reader = {"Authorization": f"Bearer {lab.token(reader_id)}"}
    record = owned_gadget(lab, boss, reader_id)
    response = move(lab, reader, record["id"], {"to": "ready"})
    assert response.status_code == 403
    assert response.json == {"error": "moving to ready needs the permission lab.write"}


def test_without_the_read_permission_403_comes_before_404(lab):
    headers = lab.caller("emp@example.com", ["employee"])
    assert move(lab, headers, 999, {"to": "ready"}).status_code == 403


def test_transition_of_a_record_outside_the_scope_or_missing_is_404(lab):
    boss = lab.caller("boss@example.com", BOSS)
    anh = lab.caller("anh@example.com", WRITER)
    record = lab.gadget(boss)
    assert move(lab, anh, record["id"], {"to": "ready"}).status_code == 404
    assert move(lab, boss, 999, {"to": "ready"}).status_code == 404
    assert state_of(lab, record["id"]) == "draft"


def test_an_entity_type_without_workflow_has_no_transitions(lab):
    headers = lab.caller("boss@example.com", BOSS)
    shelf = lab.call("POST", "/lab.shelf", headers, json={"name": "A1"}).json
    response = lab.call("POST", f"/lab.shelf/{shelf['id']}/transition", headers, json={"to": "x"})
    assert response.status_code == 404
    assert response.json == {"error": "lab.shelf has no workflow"}


def test_a_business_rule_refusing_the_transition_is_409_and_changes_nothing(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers, quantity=0)
    response = move(lab, headers, record["id"], {"to": "ready"})
    assert response.status_code == 409
    assert response.json == {"error": "a gadget needs a quantity before it is ready"}
    assert state_of(lab, record["id"]) == "draft"
    assert lab.count(TRANSITION_AUDITS) == 0


class RefusingHook:
    """A plugin whose ``entity_transitioned`` raises ``error``."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls = 0

    @hookimpl
    def entity_transitioned(self, entity, record, from_state, to_state, actor_id, note):
        self.calls += 1
        raise self.error


@pytest.fixture
def refusing(lab):
    """Register a raising hook implementation on the live plugin manager for one test."""
    registered = []

    def register(error: Exception) -> RefusingHook:
        hook = RefusingHook(error)
        lab.app.extensions["nhip"].live.pm.register(hook, name=f"refusing-{len(registered)}")
        registered.append(hook)
        return hook

    yield register
    for hook in registered:
        lab.app.extensions["nhip"].live.pm.unregister(hook)


def test_a_lifecycle_hook_refusing_a_transition_aborts_it_with_409(lab, refusing):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    hook = refusing(BusinessRuleError("the SLA ledger is closed"))
    response = move(lab, headers, record["id"], {"to": "ready", "note": "try"})
    assert hook.calls == 1
    assert response.status_code == 409
    assert response.json == {"error": "the SLA ledger is closed"}
    assert state_of(lab, record["id"]) == "draft"
    assert lab.count(TRANSITION_AUDITS) == 0


def test_a_crashing_hook_aborts_the_transition_with_nothing_committed(lab, refusing):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    hook = refusing(RuntimeError("disk on fire"))
    lab.app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = move(lab, headers, record["id"], {"to": "ready"})
    finally:
        lab.app.config["PROPAGATE_EXCEPTIONS"] = None
    assert hook.calls == 1
    assert response.status_code == 500
    assert response.is_json and "error" in response.json
    assert state_of(lab, record["id"]) == "draft"
    assert lab.count(TRANSITION_AUDITS) == 0
