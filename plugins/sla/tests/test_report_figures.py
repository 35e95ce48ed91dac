"""SLA reports: the figures on crafted clocks (every outcome, in and out of the period, three
departments), who sees which, and that JSON, CSV and the pages agree."""

from __future__ import annotations

import csv
import io

import pytest

from core.db import db
from core.models import ApiToken, User
from plugins.sla.tests.report_support import (
    EXPECTED,
    NOW,
    PERIOD,
    RESPOND,
    build_company,
    craft,
    more_clocks,
)
from plugins.sla.tests.test_badges import counted_queries

FIGURES = ("clocks", "met", "met_late", "breached", "excused", "open", "compliance")


@pytest.fixture
def company(sla_app, make_user, clock_at):
    clock_at(NOW)
    found = build_company(make_user)
    craft(found)
    return found


def _token(user_id: int) -> dict[str, str]:
    row, clear = ApiToken.issue(db.session.get(User, user_id), "test")
    db.session.add(row)
    db.session.commit()
    return {"Authorization": f"Bearer {clear}"}


def _api(client, path: str, user_id: int, **params):
    headers = _token(user_id)
    with client.application.app_context():
        return client.get("/api/v1/sla/reports" + path, headers=headers, query_string=params)


def _figures(row: dict) -> dict:
    return {k: row[k] for k in FIGURES}


def _by_key(rows: list[dict]) -> dict[str, dict]:
    return {row["key"]: row for row in rows}


def test_compliance_counts_each_outcome_once_in_the_period_it_started(company, client):
    answer = _api(client, "/compliance", company.users["admin"], by="department", **PERIOD)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert _figures(body["total"]) == EXPECTED["total"]
    rows = _by_key(body["rows"])
    assert set(rows) == {"SUPPORT", "SALES", ""}
    for key in ("SUPPORT", "SALES", ""):
        assert _figures(rows[key]) == EXPECTED[key], key
    assert body["period"]["first_day"] == "2026-11-01"
    assert body["period"]["start"].startswith("2026-10-31T17:00:00")


def test_each_grouping_adds_up_to_the_total(company, client):
    for by in ("module", "entity", "policy", "target", "employee", "department", "week", "month"):
        body = _api(client, "/compliance", company.users["admin"], by=by, **PERIOD).get_json()
        assert sum(r["clocks"] for r in body["rows"]) == EXPECTED["total"]["clocks"], by
        assert sum(r["breached"] for r in body["rows"]) == EXPECTED["total"]["breached"], by


def test_weeks_are_every_week_of_the_period_in_order(company, client):
    body = _api(client, "/compliance", company.users["admin"], by="week", **PERIOD).get_json()
    weeks = [r["key"] for r in body["rows"]]
    assert weeks == ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"]
    rows = _by_key(body["rows"])
    assert rows["2026-W44"]["met"] == 1  # Sunday 1 November, 00:30 in Vietnam
    assert rows["2026-W45"]["clocks"] == 6 and rows["2026-W48"]["clocks"] == 0


def test_targets_and_employees_are_told_apart(company, client):
    admin = company.users["admin"]
    targets = _by_key(_api(client, "/compliance", admin, by="target", **PERIOD).get_json()["rows"])
    assert targets["desk.request:Resolve"]["breached"] == 1
    assert targets["desk.request:Respond"]["breached"] == 3
    people = _by_key(_api(client, "/compliance", admin, by="employee", **PERIOD).get_json()["rows"])
    assert people[str(company.users["staff"])]["clocks"] == 9
    assert people[str(company.users["seller"])]["label"] == "Seller"
    assert people[""]["clocks"] == 1


def test_time_to_meet_gives_the_median_and_p90_of_met_clocks_beside_the_goal(company, client):
    body = _api(client, "/time-to-meet", company.users["admin"], **PERIOD).get_json()
    (respond,) = [r for r in body["rows"] if r["target"] == "Respond"]
    assert {k: respond[k] for k in RESPOND} == RESPOND


def test_a_filter_narrows_every_figure(company, client):
    admin = company.users["admin"]
    body = _api(client, "/compliance", admin, employee=company.users["seller"], **PERIOD)
    assert _figures(body.get_json()["total"]) == EXPECTED["SALES"]
    body = _api(client, "/compliance", admin, department="SUPPORT", **PERIOD).get_json()
    assert _figures(body["total"]) == EXPECTED["SUPPORT"]
    assert (
        _api(client, "/compliance", admin, module="desk", **PERIOD).get_json()["total"]["clocks"]
        == 12
    )
    assert (
        _api(client, "/compliance", admin, module="crm", **PERIOD).get_json()["total"]["clocks"]
        == 0
    )
    week = _api(client, "/compliance", admin, period="week", week="2026-W45").get_json()
    assert week["total"]["clocks"] == 6


def test_a_manager_sees_only_the_departments_they_head(company, client):
    boss = company.users["boss"]
    body = _api(client, "/compliance", boss, by="department", **PERIOD).get_json()
    assert _figures(body["total"]) == EXPECTED["SUPPORT"]
    assert [r["key"] for r in body["rows"]] == ["SUPPORT"]
    refused = _api(client, "/compliance", boss, department="SALES", **PERIOD)
    assert refused.status_code == 403
    people = _api(client, "/employees", boss, **PERIOD).get_json()["rows"]
    assert [p["employee"] for p in people] == [company.users["staff"]]
    assert _api(client, f"/employees/{company.users['seller']}", boss).status_code == 403
    # another department's employee asked for by filter: their clocks in my departments only
    other = _api(client, "/compliance", boss, employee=company.users["seller"], **PERIOD)
    assert other.get_json()["total"]["clocks"] == 0


def test_without_the_permission_every_report_is_refused(company, client):
    clerk = company.users["clerk"]
    for path in ("/compliance", "/time-to-meet", "/now", "/employees"):
        assert _api(client, path, clerk).status_code == 403, path
    assert _api(client, f"/employees/{company.users['staff']}", clerk).status_code == 403


@pytest.mark.parametrize(
    "params, field",
    [
        ({"period": "year"}, "period"),
        ({"month": "2026-13"}, "month"),
        ({"period": "week", "week": "2026-W60"}, "week"),
        ({"period": "range", "from": "2026-11-05", "to": "2026-11-01"}, "to"),
        ({"period": "range", "from": "yesterday", "to": "2026-11-01"}, "from"),
        ({"period": "range", "from": "2025-01-01", "to": "2026-11-01"}, "to"),
        ({"module": "nope"}, "module"),
        ({"entity": "nope.thing"}, "entity"),
        ({"department": "NOPE"}, "department"),
        ({"employee": "abc"}, "employee"),
        ({"employee": "999999"}, "employee"),
        ({"by": "colour"}, "by"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_field(company, client, params, field):
    answer = _api(client, "/compliance", company.users["admin"], **params)
    assert answer.status_code == 400
    assert field in answer.get_json()["fields"]


def test_late_now_counts_records_breached_or_at_risk_whatever_the_period(company, client):
    from plugins.sla.switches import set_tracking

    set_tracking("desk.request", True)
    db.session.commit()
    rows = _api(client, "/now", company.users["admin"]).get_json()["rows"]
    assert rows == [{"entity": "desk.request", "label": "Requests", "breached": 3, "at_risk": 1}]
    rows = _api(client, "/now", company.users["boss"]).get_json()["rows"]
    assert rows[0]["breached"] == 2 and rows[0]["at_risk"] == 1


def test_the_review_has_a_row_per_employee_with_incidents(company, client):
    rows = _api(client, "/employees", company.users["admin"], **PERIOD).get_json()["rows"]
    by_id = {r["employee"]: r for r in rows}
    staff = by_id[company.users["staff"]]
    assert _figures(staff) == EXPECTED["SUPPORT"]
    assert (staff["incidents_minor"], staff["incidents_major"]) == (1, 1)
    assert (staff["incidents_excused"], staff["bonus_impact"]) == (1, 1)
    assert staff["department"] == "SUPPORT"
    seller = by_id[company.users["seller"]]
    assert (seller["incidents_minor"], seller["clocks"]) == (1, 2)


def test_one_employees_figures(company, client):
    staff = company.users["staff"]
    body = _api(client, f"/employees/{staff}", company.users["boss"], **PERIOD).get_json()
    assert _figures(body["total"]) == EXPECTED["SUPPORT"]
    assert body["incidents"]["bonus_impact"] == 1 and body["name"] == "Staff"


def _csv(client, path: str, **params) -> list[dict]:
    with client.application.app_context():
        answer = client.get(path, query_string=params)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.headers["Content-Type"].startswith("text/csv")
    raw = answer.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_reads_back_as_the_json_figures(company, client, login):
    admin = company.users["admin"]
    body = _api(client, "/compliance", admin, by="department", **PERIOD).get_json()
    login(client, admin)
    rows = _csv(client, "/sla/reports/compliance.csv", by="department", **PERIOD)
    assert list(rows[0]) == ["key", "label", *FIGURES]
    for row, expected in zip(rows, body["rows"], strict=True):
        assert row["key"] == expected["key"] and row["label"] == expected["label"]
        for name in FIGURES[:-1]:
            assert int(row[name]) == expected[name]
        assert float(row["compliance"]) == expected["compliance"]
    review = _csv(client, "/sla/reports/review.csv", **PERIOD)
    assert {r["name"] for r in review} == {"Staff", "Seller"}
    times = _csv(client, "/sla/reports/time-to-meet.csv", **PERIOD)
    (respond,) = [t for t in times if t["target"] == "Respond"]
    assert float(respond["median_minutes"]) == RESPOND["median_minutes"]


def test_a_name_with_commas_and_quotes_survives_the_csv(company, client, login):
    db.session.get(User, company.users["seller"]).name = 'Lê "Bán", hàng'
    db.session.commit()
    login(client, company.users["admin"])
    rows = _csv(client, "/sla/reports/review.csv", **PERIOD)
    assert 'Lê "Bán", hàng' in {r["name"] for r in rows}


def test_the_report_does_not_read_clocks_one_by_one(company, client, login):
    login(client, company.users["admin"])

    def statements() -> int:
        with counted_queries() as seen:
            with client.application.app_context():
                assert client.get("/sla/reports", query_string=PERIOD).status_code == 200
                for chart in ("trend", "departments", "breaches"):
                    client.get(f"/sla/reports/charts/{chart}.svg", query_string=PERIOD)
        return len(seen)

    before = statements()
    more_clocks(company, 60)
    assert statements() == before


def test_the_openapi_document_lists_the_report_endpoints(company, client):
    with client.application.app_context():
        paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("compliance", "time-to-meet", "now", "employees", "employees/{user_id}"):
        operation = paths[f"/sla/reports/{path}"]["get"]
        assert operation["tags"] == ["sla.reports"]
        assert "400" in operation["responses"] and "403" in operation["responses"]
    names = {p["name"] for p in paths["/sla/reports/compliance"]["get"]["parameters"]}
    assert {"period", "month", "module", "entity", "department", "employee", "by"} <= names


def test_percentiles_are_continuous_on_an_odd_count(company, client):
    from plugins.sla.tests.report_support import add_clock, vn

    for spent in (5, 7, 100):
        add_clock(company, "Resolve", started_at=vn("2026-11-25T09:00"), spent_minutes=spent)
    db.session.commit()
    body = _api(client, "/time-to-meet", company.users["admin"], **PERIOD).get_json()
    (resolve,) = [r for r in body["rows"] if r["target"] == "Resolve"]
    assert (resolve["met"], resolve["median_minutes"], resolve["p90_minutes"]) == (3, 7.0, 81.4)


def test_the_json_and_the_page_show_the_same_rows(company, client, login):
    import re

    admin = company.users["admin"]
    for by in ("entity", "target", "employee", "week"):
        rows = _api(client, "/compliance", admin, by=by, **PERIOD).get_json()["rows"]
        login(client, admin)
        with client.application.app_context():
            html = client.get("/sla/reports", query_string={"by": by, **PERIOD}).get_data(True)
        for row in rows:
            found = re.search(rf'<tr data-key="{re.escape(row["key"])}">(.*?)</tr>', html, re.S)
            cells = dict(re.findall(r'data-col="(\w+)">([^<]*)<', found.group(1)))
            assert [int(cells[n]) for n in FIGURES[:-1]] == [row[n] for n in FIGURES[:-1]], by
