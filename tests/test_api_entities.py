"""``GET /api/v1/entities``: the record types the caller may read, with fields and workflow."""

from __future__ import annotations

from api_lab.fixtures import lab_app_fixture, lab_fixture  # noqa: F401


def by_key(response) -> dict:
    return {item["key"]: item for item in response.json["items"]}


def test_entities_lists_only_the_types_the_caller_may_read(lab):
    reader = by_key(lab.call("GET", "/entities", lab.caller("r@example.com", ["lab_reader"])))
    assert {"lab.gadget", "lab.shelf"} <= set(reader)
    assert "core.user" not in reader
    nobody = lab.call("GET", "/entities", lab.caller("e@example.com", ["employee"]))
    assert not any(item["key"].startswith("lab.") for item in nobody.json["items"])
    admin = by_key(lab.call("GET", "/entities", lab.caller("a@example.com", ["admin"])))
    assert {"core.user", "lab.gadget", "lab.shelf"} <= set(admin)


def test_an_entity_type_is_described_with_its_labels_and_permissions(lab):
    gadget = by_key(lab.call("GET", "/entities", lab.caller("r@example.com", ["lab_reader"])))[
        "lab.gadget"
    ]
    assert gadget["label"] == "Gadget"
    assert gadget["label_plural"] == "Gadgets"
    assert gadget["plugin"] == "lab"
    assert gadget["url"] == "/api/v1/lab.gadget"
    assert (gadget["read_permission"], gadget["write_permission"]) == ("lab.read", "lab.write")
    assert gadget["initial_state"] == "draft"


def test_fields_are_described_with_type_choices_reference_and_flags(lab):
    gadget = by_key(lab.call("GET", "/entities", lab.caller("r@example.com", ["lab_reader"])))[
        "lab.gadget"
    ]
    fields = {f["name"]: f for f in gadget["fields"]}
    assert list(fields)[:3] == ["name", "code", "kind"]
    assert fields["name"] == {
        "name": "name",
        "type": "str",
        "label": "Name",
        "choices": [],
        "ref": None,
        "required": True,
        "editable": True,
        "filterable": True,
        "sortable": True,
        "max_length": 80,
        "minimum": None,
        "maximum": None,
    }
    assert fields["kind"]["choices"] == [
        {"value": "small", "label": "Small"},
        {"value": "large", "label": "Large"},
    ]
    assert fields["owner_id"]["type"] == "ref" and fields["owner_id"]["ref"] == "core.user"
    assert fields["code"]["editable"] is False
    assert fields["notes"]["filterable"] is False
    assert (fields["quantity"]["minimum"], fields["quantity"]["maximum"]) == (0, 1000)
    assert (fields["weight"]["minimum"], fields["weight"]["maximum"]) == ("0", "99999.999")


def test_states_transitions_and_children_are_described(lab):
    gadget = by_key(lab.call("GET", "/entities", lab.caller("r@example.com", ["lab_reader"])))[
        "lab.gadget"
    ]
    assert gadget["states"] == [
        {"name": "draft", "label": "Draft", "final": False},
        {"name": "ready", "label": "Ready", "final": False},
        {"name": "shipped", "label": "Shipped", "final": True},
        {"name": "cancelled", "label": "Cancelled", "final": True},
    ]
    moves = {(t["from"], t["to"]): t["permission"] for t in gadget["transitions"]}
    assert moves == {
        ("draft", "ready"): "lab.write",
        ("ready", "draft"): "lab.write",
        ("ready", "shipped"): "lab.ship",
        ("draft", "cancelled"): "lab.write",
        ("ready", "cancelled"): "lab.write",
    }
    [parts] = gadget["children"]
    assert (parts["name"], parts["label"], parts["required"]) == ("parts", "Parts", False)
    assert [f["name"] for f in parts["fields"]] == ["label", "count"]


def test_a_type_without_workflow_has_no_states(lab):
    shelf = by_key(lab.call("GET", "/entities", lab.caller("r@example.com", ["lab_reader"])))[
        "lab.shelf"
    ]
    assert (shelf["states"], shelf["transitions"], shelf["children"]) == ([], [], [])
    assert shelf["initial_state"] is None
