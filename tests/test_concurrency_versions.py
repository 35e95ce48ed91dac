"""Record versions in the API: every answer names the version, and a change based on an older
version is refused with 409 naming what changed since, never applied over someone's change."""

from __future__ import annotations

from api_lab.fixtures import lab_app_fixture, lab_fixture  # noqa: F401

from core import records
from core.db import db
from core.errors import Conflict
from core.versions import version_of

BOSS = ["lab_boss"]


def patch(lab, headers, record_id, body, if_match=None):
    extra = {"If-Match": if_match} if if_match is not None else {}
    return lab.call("PATCH", f"/lab.gadget/{record_id}", {**headers, **extra}, json=body)


def move(lab, headers, record_id, body, if_match=None):
    extra = {"If-Match": if_match} if if_match is not None else {}
    path = f"/lab.gadget/{record_id}/transition"
    return lab.call("POST", path, {**headers, **extra}, json=body)


def test_a_record_answers_its_version_in_the_body_and_as_etag(lab):
    headers = lab.caller("boss@example.com", BOSS)
    created = lab.gadget(headers)
    answer = lab.call("GET", f"/lab.gadget/{created['id']}", headers)
    assert isinstance(answer.json["version"], int) and answer.json["version"] > 0
    assert answer.headers["ETag"] == f'"{answer.json["version"]}"'
    listed = lab.call("GET", "/lab.gadget", headers).json["items"]
    assert [item["version"] for item in listed] == [answer.json["version"]]


def test_each_change_raises_the_version_and_a_note_does_not(lab):
    headers = lab.caller("boss@example.com", BOSS)
    created = lab.gadget(headers)
    changed = patch(lab, headers, created["id"], {"quantity": 4}).json
    moved = move(lab, headers, created["id"], {"to": "ready"}).json
    assert created["version"] < changed["version"] < moved["version"]
    with lab.app.app_context():
        gadget = records.get_record("lab.gadget", created["id"])
        records.add_note("lab.gadget", gadget, "looked at it", None)
        assert version_of("lab.gadget", created["id"]) == moved["version"]


def test_a_change_at_the_current_version_goes_through(lab):
    headers = lab.caller("boss@example.com", BOSS)
    created = lab.gadget(headers)
    etag = lab.call("GET", f"/lab.gadget/{created['id']}", headers).headers["ETag"]
    answer = patch(lab, headers, created["id"], {"quantity": 7}, if_match=etag)
    assert answer.status_code == 200, answer.json
    assert answer.json["quantity"] == 7
    assert answer.headers["ETag"] == f'"{answer.json["version"]}"'


def test_a_stale_change_is_409_naming_what_changed_and_changes_nothing(lab):
    headers = lab.caller("boss@example.com", BOSS)
    seen = lab.gadget(headers, quantity=2, price=1000)
    patch(lab, headers, seen["id"], {"quantity": 5, "notes": "counted again"})
    answer = patch(lab, headers, seen["id"], {"price": 900}, if_match=f'"{seen["version"]}"')
    assert answer.status_code == 409
    assert answer.json["changed"] == {"quantity": [2, 5], "notes": [None, "counted again"]}
    current = lab.call("GET", f"/lab.gadget/{seen['id']}", headers).json
    assert answer.json["version"] == current["version"]
    assert "changed by someone else" in answer.json["error"]
    assert current["price"] == 1000


def test_a_stale_version_in_the_body_is_refused_too(lab):
    headers = lab.caller("boss@example.com", BOSS)
    seen = lab.gadget(headers, quantity=2)
    patch(lab, headers, seen["id"], {"quantity": 3})
    answer = patch(lab, headers, seen["id"], {"quantity": 9, "version": seen["version"]})
    assert answer.status_code == 409
    assert answer.json["changed"] == {"quantity": [2, 3]}


def test_a_stale_transition_is_409_with_the_state_it_moved_to(lab):
    headers = lab.caller("boss@example.com", BOSS)
    seen = lab.gadget(headers)
    move(lab, headers, seen["id"], {"to": "ready"})
    answer = move(lab, headers, seen["id"], {"to": "cancelled"}, if_match=str(seen["version"]))
    assert answer.status_code == 409
    assert answer.json["state"] == "ready"
    assert answer.json["changed"] == {"state": ["draft", "ready"]}
    assert lab.call("GET", f"/lab.gadget/{seen['id']}", headers).json["state"] == "ready"


def test_a_move_to_where_the_record_already_is_says_it_already_moved(lab):
    headers = lab.caller("boss@example.com", BOSS)
    seen = lab.gadget(headers)
    move(lab, headers, seen["id"], {"to": "ready"})
    answer = move(lab, headers, seen["id"], {"to": "ready"})
    assert answer.status_code == 409
    assert "already moved on (now ready)" in answer.json["error"]


def test_if_match_any_version_or_none_is_not_checked(lab):
    headers = lab.caller("boss@example.com", BOSS)
    seen = lab.gadget(headers)
    patch(lab, headers, seen["id"], {"quantity": 3})
    assert patch(lab, headers, seen["id"], {"quantity": 4}, if_match="*").status_code == 200
    assert patch(lab, headers, seen["id"], {"quantity": 5}).status_code == 200


def test_an_if_match_that_is_no_version_is_422(lab):
    headers = lab.caller("boss@example.com", BOSS)
    seen = lab.gadget(headers)
    answer = patch(lab, headers, seen["id"], {"quantity": 3}, if_match="yesterday")
    assert answer.status_code == 422
    assert "If-Match" in answer.json["fields"]


def test_a_version_is_no_field_of_a_new_record(lab):
    headers = lab.caller("boss@example.com", BOSS)
    body = {"name": "Widget", "kind": "small", "quantity": 1, "version": 3}
    answer = lab.call("POST", "/lab.gadget", headers, json=body)
    assert answer.status_code == 422
    assert answer.json["fields"] == {"version": "read-only field"}


def test_the_openapi_document_describes_versions(lab):
    document = lab.call("GET", "/openapi.json").json
    item = document["paths"]["/lab.gadget/{id}"]
    assert [p["name"] for p in item["patch"]["parameters"]] == ["If-Match"]
    assert "ETag" in item["get"]["responses"]["200"]["headers"]
    assert "version" in document["components"]["schemas"]["lab.gadget"]["required"]
    assert "changed" in document["components"]["schemas"]["Conflict"]["properties"]


def someone_else(lab, change) -> None:
    """Run ``change()`` in another application context: another session, committed."""
    with lab.app.app_context():
        change()
        db.session.remove()


def test_the_version_is_checked_under_the_lock(lab):
    """A record read before someone else's change is checked against the version committed
    by then: the check happens after the lock is taken, not when the record was read."""
    headers = lab.caller("boss@example.com", BOSS)
    seen = lab.gadget(headers)
    with lab.app.app_context():
        gadget = records.get_record("lab.gadget", seen["id"])  # read before the other change
        someone_else(
            lab,
            lambda: records.update(
                "lab.gadget", records.get_record("lab.gadget", seen["id"]), {"quantity": 8}
            ),
        )
        try:
            records.update("lab.gadget", gadget, {"quantity": 9}, None, version=seen["version"])
        except Conflict as exc:
            refused = exc
        db.session.rollback()
    assert refused.changed == {"quantity": [1, 8]}
    assert lab.call("GET", f"/lab.gadget/{seen['id']}", headers).json["quantity"] == 8


def test_a_move_from_a_state_left_meanwhile_is_refused_naming_the_move(lab):
    """The record read before someone else's move is re-read under its lock: the move is
    refused and nothing of it is written."""
    headers = lab.caller("boss@example.com", BOSS)
    seen = lab.gadget(headers)
    with lab.app.app_context():
        gadget = records.get_record("lab.gadget", seen["id"])  # read in "draft"
        someone_else(
            lab,
            lambda: records.transition(
                "lab.gadget", records.get_record("lab.gadget", seen["id"]), "ready"
            ),
        )
        try:
            records.transition("lab.gadget", gadget, "cancelled", None)
        except Conflict as exc:
            refused = exc
        db.session.rollback()
    assert refused.to_json()["changed"] == {"state": ["draft", "ready"]}
    assert refused.state == "ready"
    assert "already moved on (now ready)" in refused.message
    assert lab.call("GET", f"/lab.gadget/{seen['id']}", headers).json["state"] == "ready"
