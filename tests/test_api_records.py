"""``GET`` and ``PATCH /api/v1/<entity>/<id>``: reading one record and changing some fields."""

from __future__ import annotations

import pytest
from api_lab.fixtures import lab_app_fixture, lab_fixture  # noqa: F401

BOSS = ["lab_boss"]
WRITER = ["lab_writer"]


def test_read_answers_the_record_with_children_and_badges(lab):
    headers = lab.caller("boss@example.com", BOSS)
    created = lab.gadget(headers, quantity=2, parts=[{"label": "cog", "count": 3}])
    response = lab.call("GET", f"/lab.gadget/{created['id']}", headers)
    assert response.status_code == 200
    assert response.json == created
    assert response.json["parts"][0]["label"] == "cog"
    assert response.json["badges"][0]["label"] == "2 pcs"
    assert set(response.json) == {
        "id", "name", "code", "kind", "quantity", "price", "weight", "fragile", "due_on",
        "due_at", "contact", "notes", "owner_id", "state", "parts", "badges", "version",
    }  # fmt: skip


def test_reading_a_missing_record_is_404(lab):
    headers = lab.caller("boss@example.com", BOSS)
    for record_id in (999, 0):
        response = lab.call("GET", f"/lab.gadget/{record_id}", headers)
        assert response.status_code == 404
        assert response.json == {"error": f"lab.gadget {record_id} does not exist"}
    response = lab.call("GET", f"/lab.gadget/{2**70}", headers)  # beyond any id column
    assert response.status_code == 404
    assert response.json == {"error": f"{2**70} is beyond any id: there is no such record"}


def test_a_record_outside_the_callers_scope_is_404(lab):
    boss = lab.caller("boss@example.com", BOSS)
    anh = lab.caller("anh@example.com", WRITER)
    record = lab.gadget(boss)
    response = lab.call("GET", f"/lab.gadget/{record['id']}", anh)
    assert response.status_code == 404
    assert response.json == {"error": f"lab.gadget {record['id']} does not exist"}


def test_without_the_read_permission_403_comes_before_404(lab):
    headers = lab.caller("emp@example.com", ["employee"])
    response = lab.call("GET", "/lab.gadget/999", headers)
    assert response.status_code == 403


def test_patch_changes_only_the_fields_given(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers, quantity=2, notes="keep me")
    response = lab.call(
        "PATCH", f"/lab.gadget/{record['id']}", headers, json={"quantity": 5, "price": 9000}
    )
    assert response.status_code == 200, response.json
    assert response.json == {
        **record,
        "quantity": 5,
        "price": 9000,
        "badges": response.json["badges"],
        "version": response.json["version"],
    }
    sql = "select count(*) from core_audit_entry where record_id = :id and kind = 'updated'"
    assert lab.count(sql, id=record["id"]) == 1


def test_patch_clears_an_optional_field_with_null(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers, notes="old", due_on="2026-03-01")
    response = lab.call(
        "PATCH", f"/lab.gadget/{record['id']}", headers, json={"notes": None, "due_on": None}
    )
    assert (response.json["notes"], response.json["due_on"]) == (None, None)


def test_patch_of_a_child_list_replaces_its_rows(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers, parts=[{"label": "a"}, {"label": "b"}])
    response = lab.call(
        "PATCH",
        f"/lab.gadget/{record['id']}",
        headers,
        json={"parts": [{"label": "c", "count": 7}]},
    )
    assert [(p["label"], p["count"]) for p in response.json["parts"]] == [("c", 7)]
    assert lab.count("select count(*) from lab_part") == 1


def test_an_empty_patch_changes_nothing(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    response = lab.call("PATCH", f"/lab.gadget/{record['id']}", headers, json={})
    assert response.status_code == 200
    assert response.json == record
    sql = "select count(*) from core_audit_entry where kind = 'updated'"
    assert lab.count(sql) == 0


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": None}, "name", "required"),
        ({"name": ""}, "name", "required"),
        ({"state": "ready"}, "state", "read-only field: change it with the transition operation"),
        ({"code": "X"}, "code", "read-only field"),
        ({"quantity": "lots"}, "quantity", "must be a whole number"),
        ({"parts": [{"label": "x", "id": 1}]}, "parts[0].id", None),
        ({"name": "forbidden"}, "name", "this name is not allowed"),
    ],
)
def test_invalid_patches_are_422_and_change_nothing(lab, values, field, message):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    response = lab.call("PATCH", f"/lab.gadget/{record['id']}", headers, json=values)
    assert response.status_code == 422, response.json
    assert list(response.json["fields"]) == [field]
    if message:
        assert response.json["fields"][field] == message
    assert lab.call("GET", f"/lab.gadget/{record['id']}", headers).json == record


def test_patch_body_must_be_an_object(lab):
    headers = lab.caller("boss@example.com", BOSS)
    record = lab.gadget(headers)
    response = lab.call("PATCH", f"/lab.gadget/{record['id']}", headers, json=["name", "x"])
    assert response.status_code == 422
    assert response.json == {"error": "the request body must be a JSON object", "fields": {}}


def test_patch_without_write_permission_is_403_even_for_a_missing_record(lab):
    boss = lab.caller("boss@example.com", BOSS)
    reader = lab.caller("reader@example.com", ["lab_reader", "lab_shipper"])
    record = lab.gadget(boss)
    for record_id in (record["id"], 999):
        response = lab.call("PATCH", f"/lab.gadget/{record_id}", reader, json={"quantity": 9})
        assert response.status_code == 403
    assert lab.call("GET", f"/lab.gadget/{record['id']}", boss).json["quantity"] == 1


def test_patch_of_a_record_outside_the_scope_is_404(lab):
    boss = lab.caller("boss@example.com", BOSS)
    anh = lab.caller("anh@example.com", WRITER)
    record = lab.gadget(boss)
    response = lab.call("PATCH", f"/lab.gadget/{record['id']}", anh, json={"quantity": 9})
    assert response.status_code == 404


def test_patch_of_a_read_only_entity_type_is_405(lab):
    uid = lab.user("admin@example.com", ["admin"])
    headers = {"Authorization": f"Bearer {lab.token(uid)}"}
    response = lab.call("PATCH", f"/core.user/{uid}", headers, json={"name": "X"})
    assert response.status_code == 405
    assert lab.call("GET", f"/core.user/{uid}", headers).json["name"] == "Admin"


def test_patch_to_a_value_taken_by_another_record_is_409(lab):
    headers = lab.caller("boss@example.com", BOSS)
    lab.call("POST", "/lab.shelf", headers, json={"name": "A1"})
    other = lab.call("POST", "/lab.shelf", headers, json={"name": "B2"}).json
    response = lab.call("PATCH", f"/lab.shelf/{other['id']}", headers, json={"name": "A1"})
    assert response.status_code == 409
    assert lab.call("GET", f"/lab.shelf/{other['id']}", headers).json["name"] == "B2"
