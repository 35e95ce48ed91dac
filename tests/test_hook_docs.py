"""docs/hooks.md documents every hook of core/hookspecs.py, and of the bundled plugins' own
``hookspecs`` modules (SLA's ``sla_action_types``), with its real arguments, and every hook has
a test of its own named ``test_hook_<name>``."""

import importlib
import inspect
import re
from pathlib import Path

import pytest

from core import hookspecs
from core.hookmarkers import PROJECT

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "hooks.md"
HEADING = re.compile(r"^### `(\w+)\(([^)]*)\)`\s*$", re.M)
TEST_FOLDERS = [ROOT / "tests", *sorted((ROOT / "plugins").glob("*/tests"))]


def specs() -> dict[str, object]:
    """Every hookspec of the host and of the bundled plugins, by name."""
    modules = [hookspecs]
    for path in sorted((ROOT / "plugins").glob("*/hookspecs.py")):
        modules.append(importlib.import_module(f"plugins.{path.parent.name}.hookspecs"))
    return {
        name: function
        for module in modules
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if hasattr(function, f"{PROJECT}_spec")
    }


def documented() -> dict[str, tuple[list[str], str]]:
    """``{hook: (arguments, section text)}`` from the doc's ``### `name(args)``` headings."""
    text = DOC.read_text(encoding="utf-8")
    matches = list(HEADING.finditer(text))
    out = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        arguments = [a.strip() for a in match.group(2).split(",") if a.strip()]
        out[match.group(1)] = (arguments, text[match.end() : end])
    return out


def hooks_with_tests() -> set[str]:
    names = set()
    for folder in TEST_FOLDERS:
        for path in folder.rglob("test_*.py"):
            names |= set(re.findall(r"^def test_hook_(\w+)\(", path.read_text("utf-8"), re.M))
    return names


def test_there_are_hooks_to_document():
    assert {"register_entities", "entity_transitioned", "record_badges"} <= set(specs())


@pytest.mark.parametrize("name", sorted(specs()))
def test_each_hook_is_documented_with_its_arguments(name):
    docs = documented()
    assert name in docs, f"docs/hooks.md has no section `### \\`{name}(...)\\``"
    expected = list(inspect.signature(specs()[name]).parameters)
    assert docs[name][0] == expected, f"{name}: documented {docs[name][0]}, hookspec {expected}"


@pytest.mark.parametrize("name", sorted(specs()))
def test_each_hook_section_says_whether_the_first_answer_wins(name):
    firstresult = getattr(specs()[name], f"{PROJECT}_spec").get("firstresult", False)
    section = documented().get(name, ([], ""))[1]
    assert ("firstresult" in section) == firstresult, (
        f"{name}: the section must say 'firstresult' exactly when the hookspec is one"
    )


@pytest.mark.parametrize("name", sorted(specs()))
def test_each_hook_section_has_an_example(name):
    section = documented().get(name, ([], ""))[1]
    assert "```python" in section and "**When:**" in section and "**Returns:**" in section


def test_batched_hooks_say_so():
    for name, function in specs().items():
        if "records" in inspect.signature(function).parameters:
            assert "batched" in documented()[name][1].lower(), name


def test_the_doc_names_no_hook_that_does_not_exist():
    assert set(documented()) - set(specs()) == set()


@pytest.mark.parametrize("name", sorted(specs()))
def test_each_hook_has_a_test_of_its_own(name):
    where = "tests/ or plugins/*/tests"
    assert name in hooks_with_tests(), f"no test named test_hook_{name} under {where}"
