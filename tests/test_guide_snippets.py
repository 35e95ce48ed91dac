"""The plugin guide's snippets run as written.

A ``python`` block of docs/plugin-guide.md or docs/testing-plugins.md whose first line is a
comment naming a file (``# instance/plugins/hello.py``, ``# tests/test_hello.py``) is that
file, or a part of it (blocks naming one file are joined in order). The files are written
into a temporary project and run: the host loads the plugin, and the project's tests (the
guide's) pass under pytest in a process of their own, with Nhịp's pytest plugin. Files under
``nhip-notes/`` are added to the skeleton that ``nhip plugin new notes`` writes.
"""

from __future__ import annotations

import re
from pathlib import Path

from plugin_kit import build_app, states
from pytest_runs import passed, run_pytest

from core.scaffold import new_plugin
from core.setup import init_instance

DOCS = Path(__file__).parent.parent / "docs"
GUIDES = (DOCS / "plugin-guide.md", DOCS / "testing-plugins.md")
BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)
FILE_LINE = re.compile(r"# ((?:[\w.-]+/)*[\w.-]+\.py)")
SKELETON = "nhip-notes/"


def runnable_files(*guides: Path) -> dict[str, str]:
    """``{file: code}`` of the blocks that name their file, joined per file in order."""
    files: dict[str, str] = {}
    for guide in guides:
        for block in BLOCK.findall(guide.read_text(encoding="utf-8")):
            first = block.split("\n", 1)[0]
            named = FILE_LINE.fullmatch(first)
            if named:
                files[named.group(1)] = files.get(named.group(1), "") + block + "\n"
    return files


def write(files: dict[str, str], root: Path) -> None:
    for name, code in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(path.read_text(encoding="utf-8") + code if path.exists() else code)


def snippet_tests(files: dict[str, str]) -> set[str]:
    """``file::test_name`` of every test function the snippets define."""
    return {
        f"{name}::{test}"
        for name, code in files.items()
        for test in re.findall(r"^def (test_\w+)", code, re.M)
    }


def test_the_guides_mark_their_runnable_snippets():
    files = runnable_files(*GUIDES)
    assert {
        "instance/plugins/hello.py",
        "conftest.py",
        "tests/test_hello.py",
        "nhip-notes/tests/test_notes_sla.py",
        "nhip-notes/tests/test_fixtures_routes.py",
    } <= set(files)
    for name, code in files.items():
        compile(code, name, "exec")  # each is Python as written


def test_the_smallest_plugin_loads_and_answers(tmp_path, fresh_database_url, request):
    files = runnable_files(DOCS / "plugin-guide.md")
    write({"hello.py": files["instance/plugins/hello.py"]}, tmp_path / "plugins")
    app = build_app(tmp_path, fresh_database_url, tmp_path / "plugins", request)
    init_instance(app)
    assert states(app)["hello"] == ("enabled", "")
    assert "/hello/" in {rule.rule for rule in app.url_map.iter_rules()}


def test_the_hello_plugins_tests_pass_as_written(tmp_path):
    files = {k: v for k, v in runnable_files(*GUIDES).items() if not k.startswith(SKELETON)}
    write(files, tmp_path)
    run = run_pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    ran = {test.split("[")[0] for test in passed(run)}
    assert snippet_tests(files) == ran, run.stdout
    assert len(passed(run)) == 2 * len(ran)  # each on SQLite and PostgreSQL


def test_the_sla_and_fixture_snippets_pass_on_the_skeleton(tmp_path):
    files = {k: v for k, v in runnable_files(*GUIDES).items() if k.startswith(SKELETON)}
    new_plugin("notes", tmp_path)
    write(files, tmp_path)
    run = run_pytest(tmp_path / SKELETON)
    assert run.returncode == 0, run.stdout + run.stderr
    ran = {test.split("[")[0] for test in passed(run)}
    expected = {name.removeprefix(SKELETON) for name in snippet_tests(files)}
    assert expected <= ran, run.stdout
    assert "tests/test_notes_sla.py::test_a_late_note_is_escalated_once" in ran
