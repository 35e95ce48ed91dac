"""``GET /api/v1/<entity>``: paging, filters, sort, row-level scope, badges and refusals."""

from __future__ import annotations

import pytest
from api_lab.fixtures import lab_app_fixture, lab_fixture  # noqa: F401

BOSS = ["lab_boss"]


def names(response) -> list[str]:
    return [item["name"] for item in response.json["items"]]


def test_list_answers_a_page_with_its_counts(lab):
    headers = lab.caller("boss@example.com", BOSS)
    for name in ("A", "B", "C"):
        lab.gadget(headers, name=name)
    response = lab.call("GET", "/lab.gadget?per_page=2&page=2&sort=name", headers)
    assert response.status_code == 200
    assert response.json["total"] == 3
    assert response.json["page"] == 2
    assert response.json["per_page"] == 2
    assert response.json["pages"] == 2
    assert names(response) == ["C"]


def test_list_items_are_full_records(lab):
    headers = lab.caller("boss@example.com", BOSS)
    created = lab.gadget(headers, parts=[{"label": "bolt", "count": 2}])
    response = lab.call("GET", "/lab.gadget", headers)
    assert response.json["items"] == [created]


def test_list_default_order_is_newest_first(lab):
    headers = lab.caller("boss@example.com", BOSS)
    for name in ("old", "new"):
        lab.gadget(headers, name=name)
    assert names(lab.call("GET", "/lab.gadget", headers)) == ["new", "old"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=large", ["B", "C"]),
        ("kind__ne=large", ["A"]),
        ("quantity__gte=2", ["B", "C"]),
        ("quantity__in=1,3", ["A", "C"]),
        ("state=ready", ["B"]),
        ("state__in=draft,ready", ["A", "B", "C"]),
        ("due_on__lt=2026-06-01", ["A"]),
        ("weight__isnull=true", ["C"]),
        ("q=b", ["B"]),
        ("sort=-quantity", ["C", "B", "A"]),
    ],
)
def test_list_filters_searches_and_sorts(lab, query, expected):
    headers = lab.caller("boss@example.com", BOSS)
    lab.gadget(headers, name="A", kind="small", quantity=1, due_on="2026-01-01", weight="1")
    b = lab.gadget(headers, name="B", kind="large", quantity=2, due_on="2026-07-01", weight=2)
    lab.gadget(headers, name="C", kind="large", quantity=3)
    lab.call("POST", f"/lab.gadget/{b['id']}/transition", headers, json={"to": "ready"})
    response = lab.call("GET", f"/lab.gadget?{query}", headers)
    assert response.status_code == 200, response.json
    got = names(response)
    assert (got if query.startswith("sort") else sorted(got)) == expected


def test_list_shows_only_records_in_the_callers_scope(lab):
    boss = lab.caller("boss@example.com", BOSS)
    anh = lab.caller("anh@example.com", ["lab_writer"])
    lab.gadget(boss, name="boss's")
    lab.gadget(anh, name="anh's")
    assert names(lab.call("GET", "/lab.gadget", anh)) == ["anh's"]
    assert sorted(names(lab.call("GET", "/lab.gadget", boss))) == ["anh's", "boss's"]


def test_list_asks_the_badge_hook_once_per_page(lab):
    headers = lab.caller("boss@example.com", BOSS)
    for quantity in (1, 2, 3):
        lab.gadget(headers, quantity=quantity)
    lab.module.BADGE_CALLS.clear()
    response = lab.call("GET", "/lab.gadget?per_page=2", headers)
    assert lab.module.BADGE_CALLS == [2]
    labels = [item["badges"][0]["label"] for item in response.json["items"]]
    assert labels == ["3 pcs", "2 pcs"]


def test_an_empty_list_is_one_empty_page(lab):
    headers = lab.caller("boss@example.com", BOSS)
    response = lab.call("GET", "/lab.shelf", headers)
    assert response.json == {"items": [], "total": 0, "page": 1, "per_page": 25, "pages": 1}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("page=0", "page", "must be at least 1"),
        ("page=abc", "page", "must be a whole number"),
        ("page=", "page", "must be a whole number"),
        ("page=-1", "page", "must be a whole number"),
        ("per_page=101", "per_page", "at most 100"),
        ("colour=red", "colour", "unknown filter"),
        ("notes=x", "notes", "unknown filter"),
        ("kind=huge", "kind", "must be one of: small, large"),
        ("state=lost", "state", None),
        ("quantity__near=1", "quantity__near", None),
        ("quantity=many", "quantity", "must be a whole number"),
        ("sort=colour", "sort", "cannot sort by 'colour'"),
        ("kind=small&kind=large", "kind", None),
        ("name=a%00b", "name", "must not contain NUL characters"),
        ("quantity=100000000000000000000000000000", "quantity", "out of range"),
        ("id=100000000000000000000000000000", "id", "out of range"),
        ("weight__gt=1e999999", "weight__gt", "out of range"),
        ("due_at__lt=0001-01-01T00:00:00%2B05:00", "due_at__lt", "out of range"),
        ("due_at=2026-01-01T00:00:00", "due_at", None),
        ("fragile=perhaps", "fragile", "must be true or false"),
    ],
)
def test_bad_list_parameters_are_422_naming_each(lab, query, field, message):
    headers = lab.caller("boss@example.com", BOSS)
    response = lab.call("GET", f"/lab.gadget?{query}", headers)
    assert response.status_code == 422, response.json
    assert response.json["error"] == "invalid list parameters"
    assert list(response.json["fields"]) == [field]
    if message is not None:
        assert response.json["fields"][field] == message


def test_listing_without_the_read_permission_is_403(lab):
    headers = lab.caller("emp@example.com", ["employee"])
    response = lab.call("GET", "/lab.gadget", headers)
    assert response.status_code == 403
    assert response.json == {"error": "permission denied"}


def test_listing_an_unknown_entity_type_is_404(lab):
    headers = lab.caller("boss@example.com", BOSS)
    response = lab.call("GET", "/lab.nothing", headers)
    assert response.status_code == 404
    assert response.json == {"error": "unknown entity type 'lab.nothing'"}
