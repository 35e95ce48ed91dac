"""``POST /api/v1/<entity>``: creating records, with children, defaults and every refusal."""

from __future__ import annotations

import pytest
from api_lab.fixtures import lab_app_fixture, lab_fixture  # noqa: F401

WRITER = ["lab_writer"]


def test_create_answers_201_with_location_and_the_record(lab):
    headers = lab.caller("w@example.com", ["lab_boss"])
    body = {
        "name": "  Sprocket ",
        "kind": "large",
        "quantity": 3,
        "price": 125000,
        "weight": "1.250",
        "fragile": True,
        "due_on": "2026-12-01",
        "due_at": "2026-12-01T08:30:00+07:00",
        "contact": "kho@example.vn",
        "notes": "handle with care",
        "parts": [{"label": "bolt", "count": 4}, {"label": "nut"}],
    }
    response = lab.call("POST", "/lab.gadget", headers, json=body)
    assert response.status_code == 201, response.json
    record = response.json
    assert response.headers["Location"] == f"/api/v1/lab.gadget/{record['id']}"
    assert record["name"] == "Sprocket"
    assert record["code"] == f"G-{record['id']:05d}"
    assert record["state"] == "draft"
    assert record["price"] == 125000
    assert record["weight"] == "1.250"
    assert record["fragile"] is True
    assert record["due_on"] == "2026-12-01"
    assert record["due_at"] == "2026-12-01T01:30:00+00:00"
    assert [(p["label"], p["count"]) for p in record["parts"]] == [("bolt", 4), ("nut", 1)]
    assert all(isinstance(p["id"], int) for p in record["parts"])
    assert record["badges"] == [
        {"source": "lab", "label": "3 pcs", "since": "2026-01-02T03:04:05+00:00"}
    ]


def test_create_fills_the_entity_defaults_for_the_caller(lab):
    uid = lab.user("owner@example.com", WRITER)
    headers = {"Authorization": f"Bearer {lab.token(uid)}"}
    assert lab.gadget(headers)["owner_id"] == uid


def test_create_records_an_audit_line(lab):
    headers = lab.caller("w@example.com", WRITER)
    record = lab.gadget(headers)
    sql = "select count(*) from core_audit_entry where record_id = :id and kind = 'created'"
    assert lab.count(sql, id=record["id"]) == 1


def test_create_without_write_permission_is_403(lab):
    headers = lab.caller("r@example.com", ["lab_reader"])
    response = lab.call("POST", "/lab.gadget", headers, json={"name": "x", "kind": "small"})
    assert response.status_code == 403
    assert response.json == {"error": "permission denied"}
    assert lab.count("select count(*) from lab_gadget") == 0


def test_create_of_an_unknown_entity_type_is_404(lab):
    headers = lab.caller("w@example.com", WRITER)
    response = lab.call("POST", "/lab.nothing", headers, json={})
    assert response.status_code == 404
    assert "lab.nothing" in response.json["error"]


def test_create_of_a_read_only_entity_type_is_405_with_allow(lab):
    headers = lab.caller("admin@example.com", ["admin"])
    response = lab.call("POST", "/core.user", headers, json={})
    assert response.status_code == 405
    assert "POST" not in response.headers["Allow"] and "GET" in response.headers["Allow"]
    assert "read-only" in response.json["error"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "the request body is not valid JSON"),
        (b'{"name": NaN}', "the request body is not valid JSON"),
        (b"\xff\xfe", "the request body is not valid JSON"),
        (b"[" * 100_000, "the request body is not valid JSON"),
        (b"", "the request body must be a JSON object"),
        (b"[1, 2]", "the request body must be a JSON object"),
        (b'"text"', "the request body must be a JSON object"),
        (b"null", "the request body must be a JSON object"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_422(lab, data, message):
    headers = {**lab.caller("w@example.com", WRITER), "Content-Type": "application/json"}
    response = lab.call("POST", "/lab.gadget", headers, data=data)
    assert response.status_code == 422
    assert response.json == {"error": message, "fields": {}}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": None}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"name": 5}, "name", "must be text"),
        ({"name": "x" * 81}, "name", "at most 80 characters"),
        ({"name": "nul\u0000byte"}, "name", "must not contain NUL characters"),
        ({"kind": "huge"}, "kind", "must be one of: small, large"),
        ({"kind": None}, "kind", "required"),
        ({"quantity": "3"}, "quantity", "must be a whole number"),
        ({"quantity": 2.5}, "quantity", "must be a whole number"),
        ({"quantity": True}, "quantity", "must be a whole number"),
        ({"quantity": -1}, "quantity", "must be at least 0"),
        ({"quantity": 1001}, "quantity", "must be at most 1000"),
        ({"quantity": 10**30}, "quantity", "must be at most 1000"),
        ({"price": 2**63}, "price", "must be at most 9223372036854775807"),
        ({"weight": "abc"}, "weight", None),
        ({"weight": "1.2345"}, "weight", None),
        ({"weight": 1.2345}, "weight", "at most 3 digits after the point"),
        ({"weight": 100000}, "weight", "must be at most 99999.999"),
        ({"weight": "-1"}, "weight", None),
        ({"fragile": "yes"}, "fragile", "must be true or false"),
        ({"due_on": "01/12/2026"}, "due_on", "must be a date (YYYY-MM-DD)"),
        ({"due_on": "2026-02-30"}, "due_on", "must be a date (YYYY-MM-DD)"),
        ({"due_at": "2026-12-01T08:30:00"}, "due_at", None),
        ({"due_at": "0001-01-01T00:00:00+05:00"}, "due_at", "out of range"),
        ({"contact": "not-an-address"}, "contact", "not an e-mail address"),
        ({"owner_id": 0}, "owner_id", "must be at least 1"),
        ({"owner_id": 999999}, "owner_id", "no core.user with id 999999"),
        ({"parts": {"label": "x"}}, "parts", "must be a list"),
        ({"parts": ["x"]}, "parts[0]", "must be an object"),
        ({"parts": [{"count": 2}]}, "parts[0].label", "required"),
        ({"parts": [{"label": "x", "count": 0}]}, "parts[0].count", "must be at least 1"),
        ({"parts": [{"label": "x", "colour": "red"}]}, "parts[0].colour", "unknown field"),
        ({"parts": [{"label": "x", "id": 4}]}, "parts[0].id", None),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"code": "G-1"}, "code", "read-only field"),
        ({"id": 7}, "id", "read-only field"),
        ({"badges": []}, "badges", "read-only field"),
        ({"state": "shipped"}, "state", None),
    ],
)
def test_invalid_fields_are_422_with_a_message_each(lab, values, field, message):
    headers = lab.caller("w@example.com", WRITER)
    body = {"name": "Widget", "kind": "small", **values}
    response = lab.call("POST", "/lab.gadget", headers, json=body)
    assert response.status_code == 422, response.json
    assert response.json["error"] == "invalid fields"
    assert list(response.json["fields"]) == [field]
    if message is not None:
        assert response.json["fields"][field] == message
    assert lab.count("select count(*) from lab_gadget") == 0


def test_missing_required_fields_are_each_named(lab):
    headers = lab.caller("w@example.com", WRITER)
    response = lab.call("POST", "/lab.gadget", headers, json={})
    assert response.status_code == 422
    assert response.json["fields"] == {"name": "required", "kind": "required"}


def test_a_business_check_of_the_entity_is_422_on_its_field(lab):
    headers = lab.caller("w@example.com", WRITER)
    response = lab.call("POST", "/lab.gadget", headers, json={"name": "forbidden", "kind": "small"})
    assert response.status_code == 422
    assert response.json["fields"] == {"name": "this name is not allowed"}


def test_a_duplicate_unique_value_is_409(lab):
    headers = lab.caller("w@example.com", WRITER)
    assert lab.call("POST", "/lab.shelf", headers, json={"name": "A1"}).status_code == 201
    response = lab.call("POST", "/lab.shelf", headers, json={"name": "A1"})
    assert response.status_code == 409
    assert "already taken" in response.json["error"]
    assert lab.count("select count(*) from lab_shelf") == 1
