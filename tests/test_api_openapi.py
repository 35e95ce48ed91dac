"""``GET /api/v1/openapi.json``: a valid OpenAPI 3.1 document generated from the registry."""

from __future__ import annotations

import pytest
from api_lab.fixtures import lab_app_fixture, lab_fixture  # noqa: F401


def openapi_errors(document: dict) -> list[str]:
    """Problems of ``document`` by the OpenAPI 3.1 specification's own schema."""
    try:
        from openapi_spec_validator import validate
    except ImportError:
        from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

        return [str(error) for error in OPENAPI_31_VALIDATOR.iter_errors(document)]
    try:
        validate(document)
    except Exception as exc:  # noqa: BLE001 - any validation error is reported
        return [str(exc)]
    return []


@pytest.fixture
def document(lab):
    response = lab.call("GET", "/openapi.json")
    assert response.status_code == 200
    return response.json


def test_the_document_is_public_and_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    assert openapi_errors(document) == []


def test_the_validator_used_does_find_errors(document):
    broken = {**document, "paths": {"/x": {"get": {"responses": "none"}}}}
    assert openapi_errors(broken) != []


def test_every_entity_type_has_its_operations(document):
    paths = document["paths"]
    assert set(paths["/lab.gadget"]) == {"get", "post"}
    assert set(paths["/lab.gadget/{id}"]) == {"parameters", "get", "patch"}
    assert set(paths["/lab.gadget/{id}/transition"]) == {"parameters", "post"}
    assert "/lab.shelf/{id}/transition" not in paths
    assert set(paths["/core.user"]) == {"get"}
    assert set(paths["/core.user/{id}"]) == {"parameters", "get"}
    operation_ids = [op["operationId"] for item in paths.values() for op in _operations(item)]
    assert len(operation_ids) == len(set(operation_ids))


def test_the_fixed_endpoints_are_described(document):
    paths = document["paths"]
    for path, method in [
        ("/me", "get"),
        ("/entities", "get"),
        ("/notifications", "get"),
        ("/notifications/{id}/read", "post"),
        ("/notifications/read", "post"),
        ("/openapi.json", "get"),
    ]:
        assert method in paths[path], path
    assert paths["/openapi.json"]["get"]["security"] == []


def test_records_are_described_with_fields_state_children_and_badges(document):
    record = document["components"]["schemas"]["lab.gadget"]
    props = record["properties"]
    assert record["additionalProperties"] is False
    assert set(record["required"]) == set(props)
    assert props["state"]["enum"] == ["draft", "ready", "shipped", "cancelled"]
    assert props["kind"]["enum"] == ["small", "large", None]
    assert props["due_at"] == {"type": ["string", "null"], "format": "date-time", "title": "Due at"}
    assert props["weight"]["type"] == ["string", "null"]
    assert props["price"]["type"] == ["integer", "null"]
    assert props["parts"]["items"]["properties"]["count"]["type"] == ["integer", "null"]
    assert props["badges"] == {"type": "array", "items": {"$ref": "#/components/schemas/Badge"}}


def test_write_bodies_state_what_the_api_checks(document):
    schemas = document["components"]["schemas"]
    create = schemas["lab.gadget.create"]
    assert create["required"] == ["name", "kind"]
    assert create["additionalProperties"] is False
    assert "code" not in create["properties"] and "state" not in create["properties"]
    assert create["properties"]["quantity"]["minimum"] == 0
    assert create["properties"]["quantity"]["maximum"] == 1000
    assert create["properties"]["name"]["maxLength"] == 80
    parts = create["properties"]["parts"]["items"]
    assert parts["required"] == ["label"] and parts["additionalProperties"] is False
    assert "required" not in schemas["lab.gadget.update"]
    transition = schemas["lab.gadget.transition"]
    assert transition["required"] == ["to"]
    assert transition["properties"]["to"]["enum"] == ["draft", "ready", "shipped", "cancelled"]


def test_errors_and_security_are_described(document):
    components = document["components"]
    assert components["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "a personal API token from `nhip tokens create`",
    }
    assert {"Error", "ValidationError", "Conflict", "Badge"} <= set(components["schemas"])
    transition = document["paths"]["/lab.gadget/{id}/transition"]["post"]
    assert set(transition["responses"]) == {"200", "400", "401", "403", "404", "409", "422"}
    create = document["paths"]["/lab.gadget"]["post"]
    assert "Location" in create["responses"]["201"]["headers"]


def _operations(item: dict) -> list[dict]:
    return [op for method, op in item.items() if method != "parameters"]
