"""``nhip sla backtest FILE --since DATE``: a policy file (as export writes it) run over the
period's records, printed as a table; a bad file or period is told with its places."""

from __future__ import annotations

import json
import re

from plugins.sla.tests.backtest_support import month_of_requests, respond_in
from plugins.sla.tests.conftest import configure, desk_policy


def _file(tmp_path, document) -> str:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return str(path)


def _cells(output: str) -> list[tuple[str, ...]]:
    """The table's lines, each as its cells (columns are two or more spaces apart)."""
    return [tuple(re.split(r"\s{2,}", line.strip())) for line in output.splitlines()]


def _backtest(app, *args):
    return app.test_cli_runner().invoke(args=["sla", "backtest", *args])


def test_the_command_prints_compliance_breaches_and_changed_records(sla_app, clock_at, tmp_path):
    configure(desk_policy(targets=respond_in(60)))
    made = month_of_requests(clock_at)
    exported = json.loads(sla_app.test_cli_runner().invoke(args=["sla", "export"]).output)
    exported["policies"][0]["targets"][0]["minutes"] = 45
    result = _backtest(
        sla_app, _file(tmp_path, exported), "--since", "2026-11-01", "--until", "2026-11-30"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    cells = _cells(result.output)
    assert lines[0] == (
        "Backtest of policy Desk standard on Requests (desk.request), 2026-11-01 to 2026-11-30"
    )
    assert "3 record(s) created in the period, 3 replayed." in lines
    assert ("Outcome", "Actual", "Draft") in cells
    assert ("Compliance rate", "66.7 %", "33.3 %") in cells
    assert ("met", "2", "1") in cells
    assert ("met late", "1", "2") in cells
    assert ("Escalation levels reached", "1", "2") in cells
    assert ("Breaches by department", "Actual", "Draft") in cells
    assert ("care", "1", "2") in cells
    assert "Changed outcomes: 1" in lines
    assert f"  #{made['Answered in 50']} Answered in 50 — Respond: met → met late" in lines


def test_a_policy_new_to_the_file_is_backtested_as_a_new_one(sla_app, clock_at, tmp_path):
    configure(track=False)
    month_of_requests(clock_at)
    document = {"policies": [desk_policy("Desk new", targets=respond_in(45))]}
    result = _backtest(sla_app, _file(tmp_path, document), "--since", "2026-11-01")
    assert result.exit_code == 0, result.output
    assert "Changed outcomes: 3" in result.output
    assert "Answered in 40 — Respond: no clock → met" in result.output
    assert "Answered in 90 — Respond: no clock → met late" in result.output


def test_a_bad_file_is_told_with_its_places_and_nothing_runs(sla_app, tmp_path):
    configure()
    bad = desk_policy(targets=[{"name": "Respond", "start": ["created"], "minutes": -5}])
    result = _backtest(sla_app, _file(tmp_path, {"policies": [bad]}), "--since", "2026-11-01")
    assert result.exit_code == 1
    assert "problem(s), nothing was changed" in result.output
    assert "policies[0].targets[0]" in result.output


def test_a_file_of_several_policies_needs_one_named(sla_app, tmp_path):
    configure()
    document = {"policies": [desk_policy("A"), desk_policy("B", order=200)]}
    result = _backtest(sla_app, _file(tmp_path, document), "--since", "2026-11-01")
    assert result.exit_code == 1
    assert "policies: 2 policies; name one with --policy (A, B)" in result.output
    named = _backtest(sla_app, _file(tmp_path, document), "--since", "2026-11-01", "--policy", "B")
    assert named.exit_code == 0, named.output


def test_a_bad_period_is_told_by_its_option(sla_app, tmp_path):
    configure()
    path = _file(tmp_path, {"policies": [desk_policy()]})
    result = _backtest(sla_app, path, "--since", "2026-13-01")
    assert result.exit_code == 1
    assert "--since: not a date (YYYY-MM-DD): '2026-13-01'" in result.output
    backwards = _backtest(sla_app, path, "--since", "2026-11-05", "--until", "2026-11-01")
    assert "--until: before the first day" in backwards.output


def test_a_file_that_is_not_json_is_refused_with_its_line(sla_app, tmp_path):
    configure()
    result = _backtest(sla_app, _file(tmp_path, '{"policies": ['), "--since", "2026-11-01")
    assert result.exit_code == 1
    assert "document: not valid JSON" in result.output


def test_a_file_that_cannot_be_read_is_refused(sla_app, tmp_path):
    result = _backtest(sla_app, str(tmp_path / "missing.json"), "--since", "2026-11-01")
    assert result.exit_code == 1
    assert "cannot be read: No such file or directory" in result.output
