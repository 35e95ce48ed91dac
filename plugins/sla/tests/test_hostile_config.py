"""Hostile SLA configuration documents: each is refused with its problems, by the import code,
the pages (never a 500) and ``nhip sla import`` (problems, exit 1, never a traceback); a
document that is accepted never makes a later write of a record fail."""

from __future__ import annotations

import copy
import html
import io
import json
import re
import subprocess
from datetime import date, timedelta
from typing import Any

import pytest

from core.db import db
from core.testing_queue import worker_env
from core.testing_server import NHIP
from plugins.sla.config_document import MAX_BYTES, MAX_DEPTH
from plugins.sla.config_schema import validate_document
from plugins.sla.config_store import ConfigError, apply, context, parse
from plugins.sla.models import Calendar, Policy
from plugins.sla.switches import set_tracking
from plugins.sla.tests.conftest import ALWAYS, OFFICE, configure, desk_policy
from plugins.sla.tests.helpers import clocks_of, move, new_request


def good() -> dict:
    return {"calendars": [copy.deepcopy(OFFICE)], "policies": [desk_policy()]}


def changed(path: str, value: Any) -> dict:
    """``good()`` with the value at ``path`` (``policies.0.targets.1.minutes``) replaced."""
    doc = good()
    *parents, last = path.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return doc


SLOW = {"name": "Slow", "start": ["created"], "stop": ["done"], "minutes": 60}


def nested(depth: int) -> dict:
    condition: dict = {"field": "tier", "op": "eq", "value": "vip"}
    for _ in range(depth):
        condition = {"all": [condition]}
    return condition


def never_working() -> dict:
    """A calendar open on Mondays only, each Monday of the next eleven years a day off."""
    today = date.today()
    first = today + timedelta(days=-today.weekday())
    mondays = [str(first + timedelta(weeks=n)) for n in range(11 * 53)]
    return {
        "name": "Never",
        "timezone": "UTC",
        "week": {"mon": ["08:00-09:00"]},
        "holidays": mondays,
    }


#: (text of the document, the start of one problem it must report)
TEXTS = [
    ("", "document: not valid JSON"),
    ("{", "document: not valid JSON"),
    ('{"policies": NaN}', "document: NaN is not a number"),
    ('{"policies": [{"order": Infinity}]}', "document: Infinity is not a number"),
    ('{"policies": [{"order": -Infinity}]}', "document: -Infinity is not a number"),
    ('{"policies": [{"order": 1e999}]}', "document: '1e999' is too large a number"),
    ('{"policies": [{"order": ' + "9" * 5000 + "}]}", "document: cannot be read"),
    ("[" * 100_000 + "]" * 100_000, "document: nested deeper than"),
    ('{"calendars": [{"name": "\\ud800"}]}', "calendars[0].name: contains an unpaired surrogate"),
    ('{"calendars": [{"name": "A\\u0000B"}]}', "calendars[0].name: contains a NUL character"),
    ('{"calendars": [], "\\u0000": 1}', "document: key '\\x00': contains a NUL character"),
    (json.dumps({"calendars": ["x" * (MAX_BYTES + 1)]}), "document: larger than"),
]

#: (document, the start of one problem it must report)
DOCUMENTS = [
    (changed("policies.0.order", 2**31), "policies[0].order: a whole number between"),
    (changed("policies.0.order", -(2**31) - 1), "policies[0].order: a whole number between"),
    (changed("policies.0.order", 2**64), "policies[0].order: a whole number between"),
    (changed("policies.0.order", 1.5), "policies[0].order: a whole number"),
    (changed("policies.0.order", float("nan")), "policies[0].order: nan is not a finite"),
    (changed("policies.0.targets.0.minutes", 2**31), "policies[0].targets[0].minutes: "),
    (changed("policies.0.targets.0.minutes", 2**70), "policies[0].targets[0].minutes: "),
    (
        changed("policies.0.targets.0.minutes", 8_000_000),
        "policies[0].targets[0].minutes: 8,000,000 working minutes is more than 10 years",
    ),
    (
        # 9 hours a week: ten years hold about 282,000 working minutes
        changed("calendars.0.week", {"mon": ["08:00-17:00"]})
        | {"policies": [desk_policy(targets=[SLOW | {"minutes": 400_000}])]},
        "policies[0].targets[0].minutes: 400,000 working minutes on calendar 'VN office' take",
    ),
    (changed("policies.0.targets.0.minutes", float("inf")), "policies[0].targets[0].minutes"),
    (
        changed("policies.0.targets.1.escalations.0.at", float("nan")),
        "policies[0].targets[1].escalations[0].at: nan is not a finite number",
    ),
    (
        changed("policies.0.targets.1.escalations.0.at", 2**40),
        "policies[0].targets[1].escalations[0].at: a percentage of the goal",
    ),
    (changed("policies.0.targets.0.warn", [float("inf")]), "policies[0].targets[0].warn"),
    (changed("policies.0.name", "Desk\x00"), "policies[0].name: contains a NUL character"),
    (changed("policies.0.name", "Desk\ud800"), "policies[0].name: contains an unpaired"),
    (changed("policies.0.name", "\u200b"), "policies[0].name: a name without control"),
    (changed("policies.0.name", "Desk\u202eevil"), "policies[0].name: a name without control"),
    (changed("policies.0.name", "Desk\n"), "policies[0].name: a name without control"),
    (changed("policies.0.name", "x" * 101), "policies[0].name: a name of 1 to 100"),
    (changed("policies.0.name", "x" * 100_000), "policies[0].name: text of 100,000 characters"),
    (changed("policies.0.name", ["Desk"]), "policies[0].name: a name of 1 to 100"),
    (changed("policies.0.entity", ["desk.request"]), "policies[0].entity: unknown entity type"),
    (changed("policies.0.entity", {"a": 1}), "policies[0].entity: unknown entity type"),
    (changed("policies.0.calendar", ["VN office"]), "policies[0].calendar: unknown calendar"),
    (changed("policies.0.targets.0", {"name": "R", "calendar": {}}), "policies[0].targets[0]"),
    (changed("calendars.0.country", ["VN"]), "calendars[0].country: text of at most 8"),
    (changed("calendars.0.timezone", "x" * 65), "calendars[0].timezone: text of at most 64"),
    (changed("calendars.0.timezone", {"x": 1}), "calendars[0].timezone: text of at most 64"),
    (changed("calendars.0.holidays", ["0001-01-01"]), "calendars[0].holidays[0]: 0001-01-01 is"),
    (changed("calendars.0.week", {"mon": [["08:00-12:00"]]}), "calendars[0].week.mon: a list"),
    (changed("calendars.0.week", []), "calendars[0].week: an object of weekday"),
    (
        {"calendars": [never_working()], "policies": [desk_policy(calendar="Never")]},
        "calendars[0]: no working time in the next 10 years",
    ),
    (changed("policies.0.conditions", nested(MAX_DEPTH)), "policies[0].conditions"),
    (
        changed("policies.0.conditions", {"field": "amount", "op": "gt", "value": [[[]]]}),
        "policies[0].conditions.value: must be a number",
    ),
    (
        changed("policies.0.conditions", {"field": ["amount"], "op": "gt", "value": 1}),
        "policies[0].conditions.field: unknown field",
    ),
    (
        changed("policies.0.targets.1.escalations.0.actions", [{"type": ["notify"]}]),
        "policies[0].targets[1].escalations[0].actions[0].type: the name of an action type",
    ),
    (
        changed(
            "policies.0.targets.1.escalations.0.actions",
            [{"type": "notify", "to": ["manager"], "channels": [["email"]]}],
        ),
        "policies[0].targets[1].escalations[0].actions[0]",
    ),
    (
        changed(
            "policies.0.targets.1.escalations.0.actions",
            [{"type": "webhook", "url": "http://[::1"}],
        ),
        "policies[0].targets[1].escalations[0].actions[0]",
    ),
    (
        changed(
            "policies.0.targets.1.escalations.0.actions",
            [{"type": "incident", "severity": ["major"]}],
        ),
        "policies[0].targets[1].escalations[0].actions[0]",
    ),
]

#: values put in every place of a good document by the mutation test
HOSTILE = [
    None,
    True,
    0,
    -1,
    2**31,
    2**63,
    10**30,
    1e308,
    -0.0,
    float("nan"),
    float("inf"),
    "",
    " ",
    "\x00",
    "\ud800",
    "\u202e",
    "x" * 3_000,
    "9999-99-99",
    "24:00-00:00",
    [],
    [None],
    [[[[]]]],
    {},
    {"all": [{"any": []}]},
    {"": ""},
]


def places(value: Any, path: str = "") -> list[str]:
    """Every place of a document as a dotted path (``policies.0.targets.1.minutes``)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += places(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += places(child, f"{path}.{index}" if path else str(index))
    return found


def problems_of(doc: Any) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        apply(doc)
    return caught.value.problems


def nothing_saved() -> bool:
    return (
        not db.session.execute(db.select(Policy.id)).first()
        and not db.session.execute(db.select(Calendar.id)).first()
    )


@pytest.mark.parametrize(("text", "problem"), TEXTS, ids=[t[1][:40] for t in TEXTS])
def test_a_hostile_text_is_refused_with_its_place(sla_app, text, problem):
    with pytest.raises(ConfigError) as caught:
        apply(parse(text))
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems
    assert nothing_saved()


@pytest.mark.parametrize(("doc", "problem"), DOCUMENTS, ids=[d[1][:60] for d in DOCUMENTS])
def test_a_hostile_document_is_refused_with_its_place(sla_app, doc, problem):
    found = problems_of(doc)
    assert any(p.startswith(problem) for p in found), found
    assert nothing_saved()


def test_a_calendar_change_that_puts_a_saved_goal_out_of_reach_is_refused(sla_app):
    apply({"calendars": [OFFICE], "policies": [desk_policy(targets=[SLOW | {"minutes": 300_000}])]})
    sparse = {**OFFICE, "week": {"mon": ["08:00-17:00"]}}
    found = problems_of({"calendars": [sparse]})
    assert found[0].startswith(
        "calendars[0]: policy 'Desk standard', target 'Slow': 300,000 working minutes on"
    ), found


def test_every_place_of_a_document_takes_any_value_without_a_crash(sla_app):
    known = context()
    accepted = []
    for path in places(good()):
        for value in HOSTILE:
            doc = changed(path, value)
            problems = validate_document(doc, known)  # never raises
            assert all(isinstance(p, str) for p in problems)
            assert len(problems) <= 101
            if not problems:
                accepted.append((path, value))
    assert len(accepted) < 60, accepted  # most mutations are refused
    set_tracking("desk.request", True)
    db.session.commit()
    for path, value in accepted:
        apply(changed(path, value))
        request = new_request(priority="high", tier="vip", amount=5)
        move(request, "open")
        move(request, "done")


def test_problems_are_capped_for_a_document_of_many_mistakes(sla_app):
    found = problems_of({"calendars": [{"name": ""}] * 500})
    assert len(found) == 101
    assert found[-1].startswith("… and ")


@pytest.fixture
def admin(sla_app, client, make_user, login):
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent"]))
    apply({"calendars": [OFFICE, ALWAYS]})
    return client


def policy_form(**changes: str) -> dict:
    policy = desk_policy()
    form = {
        "name": policy["name"],
        "entity": policy["entity"],
        "order": "100",
        "calendar": policy["calendar"],
        "on_change": "carry_over",
        "active": "1",
        "conditions": "{}",
        "targets": json.dumps(policy["targets"]),
    }
    return form | changes


FORM_CHANGES = [
    ({"conditions": '{"field": "amount", "op": "gt", "value": NaN}'}, "conditions: NaN is"),
    ({"conditions": json.dumps(nested(40))}, "[0]: nested deeper than 16 levels"),
    ({"conditions": "[" * 100_000}, "conditions: nested deeper than"),
    ({"targets": '[{"name": "\\ud800"}]'}, "targets[0].name: contains an unpaired"),
    ({"targets": json.dumps([SLOW | {"minutes": 2**31}])}, "targets[0].minutes: "),
    ({"order": "99999999999999999999"}, "order: a whole number between"),
    ({"order": "9" * 5000}, "order: a whole number"),
    ({"name": "Desk\x00"}, "name: contains a NUL character"),
    ({"entity": "desk.request\x00"}, "entity: contains a NUL character"),
    ({"calendar": "x" * 5000}, "calendar: text of 5,000 characters"),
]


@pytest.mark.parametrize(("changes", "problem"), FORM_CHANGES, ids=[c[1] for c in FORM_CHANGES])
def test_the_policy_form_shows_problems_never_a_500(admin, changes, problem):
    response = admin.post("/sla/policies/new", data=policy_form(**changes))
    assert response.status_code == 422
    assert problem in response.get_data(as_text=True)
    assert not db.session.execute(db.select(Policy.id)).first()


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("name", "Office\x00", "control or invisible characters"),
        ("name", "\u200b", "control or invisible characters"),
        ("timezone", "Asia/Ho_Chi_Minh\x00", "Unknown time zone"),
        ("holidays", "1800-01-01", "1800-01-01 is before 1900"),
        ("week_mon", "08:00-12:00\x00", "08:00-12:00"),
        ("country", "VN" * 10, "is not a country whose public holidays are known"),
    ],
)
def test_the_calendar_form_shows_problems_never_a_500(admin, field, value, problem):
    """Hostile input is refused beside the input it was typed in, and nothing is saved."""
    before = db.session.execute(db.select(db.func.count(Calendar.id))).scalar_one()
    form = {"name": "Branch", "timezone": "UTC", "week_mon": "08:00-12:00", field: value}
    response = admin.post("/sla/calendars/new", data=form)
    assert response.status_code == 422
    beside = re.search(
        rf'data-problems-of="{field}">(.*?)</div></div>', response.get_data(as_text=True), re.S
    )
    assert beside, f"no problem shown beside {field}"
    assert problem in html.unescape(beside.group(1))
    db.session.rollback()
    assert db.session.execute(db.select(db.func.count(Calendar.id))).scalar_one() == before


@pytest.mark.parametrize(("text", "problem"), TEXTS[:-1], ids=[t[1][:40] for t in TEXTS[:-1]])
def test_the_import_page_lists_the_problems_of_a_hostile_file(admin, text, problem):
    response = admin.post(
        "/sla/config",
        data={"file": (io.BytesIO(text.encode("utf-8", "surrogatepass")), "sla.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert problem.replace("'", "&#39;") in page or problem in page


def test_nhip_sla_import_prints_problems_and_exits_1_never_a_traceback(sla_app, tmp_path):
    env = worker_env(sla_app, "redis://127.0.0.1:1/0")
    files = {
        "nan.json": '{"policies": [{"order": NaN}]}',
        "deep.json": "[" * 100_000,
        "surrogate.json": '{"calendars": [{"name": "\\ud800"}]}',
        "huge-order.json": json.dumps(changed("policies.0.order", 2**40)),
        "binary.json": "\udcff\udcfe",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        done = subprocess.run(
            [str(NHIP), "sla", "import", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        assert f"{name}: 1 problem(s), nothing was changed:" in done.stderr, done.stderr
    assert nothing_saved()


def break_calendar(name: str = "VN office") -> None:
    """Store a calendar no working time can be read from, as an older release could have."""
    calendar = db.session.execute(db.select(Calendar).where(Calendar.name == name)).scalar_one()
    calendar.week = {}
    calendar.revision += 1
    db.session.commit()


def the_policy() -> Policy:
    db.session.expire_all()
    return db.session.execute(db.select(Policy)).scalar_one()


def test_a_policy_whose_calendar_fails_is_skipped_and_the_record_still_saves(sla_app, caplog):
    configure(desk_policy())
    break_calendar()
    request = new_request()
    move(request, "open")
    db.session.expire_all()
    assert request.id and request.state == "open"
    assert clocks_of(request) == {}
    policy = the_policy()
    assert policy.problem.startswith("CalendarError: the week has no working interval")
    assert policy.problem_at is not None
    assert "SLA policy Desk standard failed on desk.request" in caplog.text


def test_a_condition_that_fails_at_run_time_marks_its_policy(sla_app):
    configure(desk_policy(conditions={"field": "amount", "op": "gt", "value": 5}))
    version = the_policy().current_version
    version.conditions = {"field": "amount", "op": "gt", "value": "NaN"}  # stored long ago
    db.session.commit()
    request = new_request(amount=7)
    assert clocks_of(request) == {}
    assert the_policy().problem.startswith("InvalidOperation")


def test_a_failing_policy_is_marked_in_the_sla_pages_until_it_is_saved_again(admin):
    configure(desk_policy())
    break_calendar()
    new_request()
    policy = the_policy()
    listing = admin.get("/sla/policies").get_data(as_text=True)
    assert "data-policy-problem" in listing and "Failing: skipped" in listing
    page = admin.get(f"/sla/policies/{policy.id}").get_data(as_text=True)
    assert "This policy failed on" in page
    assert "the week has no working interval" in page
    apply({"calendars": [OFFICE]})  # the calendar is repaired
    assert the_policy().problem is None
    assert "data-policy-problem" not in admin.get("/sla/policies").get_data(as_text=True)
