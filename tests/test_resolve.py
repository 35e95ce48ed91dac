"""Dependency resolution, without Flask or a database: order, and every reason a plugin fails."""

from core.manifest import Manifest
from core.resolve import Candidate, dependents, requirements_closure, resolve


def plugin(name, version="1.0", requires=None, core="", error=""):
    if error:
        return Candidate(name=name, manifest=None, error=error)
    return Candidate(name, Manifest(name=name, version=version, requires=requires or {}, core=core))


def test_requirements_come_first_then_names_in_order():
    result = resolve(
        [
            plugin("orders", requires={"crm": ""}),
            plugin("sla"),
            plugin("crm"),
            plugin("hr"),
            plugin("billing", requires={"orders": "", "hr": ""}),
        ],
        None,
        "0.1.0",
    )
    assert result.errors == {}
    assert result.order == ["crm", "hr", "orders", "billing", "sla"]


def test_only_enabled_plugins_are_ordered_and_the_rest_are_disabled():
    result = resolve([plugin("crm"), plugin("hr")], {"crm"}, "0.1.0")
    assert result.order == ["crm"]
    assert result.disabled == {"hr"}


def test_a_missing_requirement_is_named():
    result = resolve([plugin("orders", requires={"crm": ""})], None, "0.1.0")
    assert result.errors == {"orders": "requires 'crm', which is not installed"}
    assert result.order == []


def test_an_incompatible_version_says_what_is_installed():
    result = resolve(
        [plugin("crm", version="0.1"), plugin("orders", requires={"crm": ">=2"})], None, "0.1.0"
    )
    assert result.errors == {"orders": "requires crm >=2, but crm 0.1 is installed"}
    assert result.order == ["crm"]


def test_a_disabled_requirement_is_named():
    result = resolve([plugin("crm"), plugin("orders", requires={"crm": ""})], {"orders"}, "0.1.0")
    assert result.errors == {"orders": "requires 'crm', which is disabled"}


def test_a_cycle_is_named_from_its_smallest_member():
    result = resolve(
        [plugin("b", requires={"a": ""}), plugin("a", requires={"b": ""}), plugin("c")],
        None,
        "0.1.0",
    )
    assert result.errors == {
        "a": "dependency cycle: a -> b -> a",
        "b": "dependency cycle: a -> b -> a",
    }
    assert result.order == ["c"]


def test_a_longer_cycle_and_a_plugin_requiring_it():
    result = resolve(
        [
            plugin("x", requires={"y": ""}),
            plugin("y", requires={"z": ""}),
            plugin("z", requires={"x": ""}),
            plugin("top", requires={"y": ""}),
        ],
        None,
        "0.1.0",
    )
    assert result.errors["x"] == "dependency cycle: x -> y -> z -> x"
    assert result.errors["top"] == "requires 'y', which has an error"


def test_a_plugin_requiring_itself_is_a_cycle():
    result = resolve([plugin("a", requires={"a": ""})], None, "0.1.0")
    assert result.errors == {"a": "dependency cycle: a -> a"}


def test_errors_travel_up_the_graph_naming_the_failed_requirement():
    result = resolve(
        [
            plugin("crm", error="ImportError: no module named 'zeep' (crm.py:3)"),
            plugin("orders", requires={"crm": ""}),
            plugin("billing", requires={"orders": ""}),
            plugin("hr"),
        ],
        None,
        "0.1.0",
    )
    assert result.errors == {
        "crm": "ImportError: no module named 'zeep' (crm.py:3)",
        "orders": "requires 'crm', which has an error",
        "billing": "requires 'orders', which has an error",
    }
    assert result.order == ["hr"]


def test_an_unmet_core_range_says_which_host_this_is():
    result = resolve([plugin("future", core=">=2")], None, "0.1.0")
    assert result.errors == {"future": "needs core >=2, this host is 0.1.0"}


def test_a_duplicate_name_is_an_error():
    result = resolve([plugin("crm"), plugin("crm", version="2")], None, "0.1.0")
    assert result.errors == {"crm": "duplicate plugin name 'crm'"}


def test_requirements_closure_lists_requirements_first():
    manifests = {
        "crm": Manifest(name="crm", version="1"),
        "orders": Manifest(name="orders", version="1", requires={"crm": ""}),
        "billing": Manifest(name="billing", version="1", requires={"orders": ""}),
    }
    assert requirements_closure("billing", manifests) == ["crm", "orders", "billing"]


def test_dependents_are_found_transitively():
    manifests = {
        "crm": Manifest(name="crm", version="1"),
        "orders": Manifest(name="orders", version="1", requires={"crm": ""}),
        "billing": Manifest(name="billing", version="1", requires={"orders": ""}),
        "hr": Manifest(name="hr", version="1"),
    }
    assert dependents("crm", manifests) == ["billing", "orders"]
