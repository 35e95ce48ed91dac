"""SLA report pages: who may open them, that they show the same figures as the JSON, the
filters form's errors, the SVG charts, the employee panel on HR's page, the menu, Vietnamese."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from core.db import db
from core.models import User
from core.translations_build import compile_all
from plugins.sla.tests.report_support import EXPECTED, NOW, PERIOD, build_company, craft

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def company(sla_app, make_user, clock_at):
    clock_at(NOW)
    found = build_company(make_user)
    craft(found)
    return found


def _get(client, login, user_id: int, path: str, **params):
    """``path`` as ``user_id`` sees it, in an application context of its own."""
    login(client, user_id)
    with client.application.app_context():
        return client.get(path, query_string=params)


def _page(client, login, user_id: int, path: str, **params) -> str:
    answer = _get(client, login, user_id, path, **params)
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.get_data(as_text=True)


def _row(html: str, attribute: str, key: str) -> dict[str, str]:
    """The ``data-col`` cells of the table row marked ``attribute="key"``."""
    found = re.search(rf'<tr {attribute}="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert found, key
    return dict(re.findall(r'data-col="(\w+)">([^<]*)<', found.group(1)))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_report_page_shows_the_figures_of_the_api(company, client, login):
    html = _page(client, login, company.users["admin"], "/sla/reports", by="department", **PERIOD)
    for key in ("SUPPORT", "SALES"):
        cells = _row(html, "data-key", key)
        for name in ("clocks", "met", "met_late", "breached", "excused", "open"):
            assert int(cells[name]) == EXPECTED[key][name], (key, name)
    assert _row(html, "data-key", "SUPPORT")["compliance"] == "42.9%"
    assert 'data-figure="compliance"' in html and "50.0%" in html
    assert 'data-target="desk.request:Respond"' in html  # time to meet
    assert "/sla/reports/charts/trend.svg?" in html and "table-responsive" in html


def test_every_breakdown_renders(company, client, login):
    for by in ("module", "entity", "policy", "target", "employee", "week", "month"):
        html = _page(client, login, company.users["admin"], "/sla/reports", by=by, **PERIOD)
        assert 'id="compliance-table"' in html, by
    html = _page(client, login, company.users["admin"], "/sla/reports", by="employee", **PERIOD)
    assert f"/sla/reports/employees/{company.users['staff']}" in html


def test_a_manager_sees_their_department_and_cannot_ask_for_another(company, client, login):
    boss = company.users["boss"]
    html = _page(client, login, boss, "/sla/reports", by="department", **PERIOD)
    assert 'data-key="SUPPORT"' in html and 'data-key="SALES"' not in html
    assert '<option value="SALES"' not in html
    assert _get(client, login, boss, "/sla/reports", department="SALES").status_code == 403
    seller = company.users["seller"]
    assert _get(client, login, boss, f"/sla/reports/employees/{seller}").status_code == 403
    assert _get(client, login, boss, f"/sla/reports/employees/{seller}.csv").status_code == 403
    review = _page(client, login, boss, "/sla/reports/review", **PERIOD)
    assert f'data-employee="{company.users["staff"]}"' in review
    assert f'data-employee="{seller}"' not in review


def test_a_manager_heading_no_department_is_told_so(company, client, login, make_user):
    lone = make_user("lone@example.com", roles=["employee", "manager"])
    html = _page(client, login, lone, "/sla/reports", **PERIOD)
    assert "You head no department" in html
    assert 'id="compliance-table"' not in html


def test_without_the_permission_every_page_is_refused(company, client, login):
    clerk, staff = company.users["clerk"], company.users["staff"]
    for path in (
        "/sla/reports",
        "/sla/reports/review",
        f"/sla/reports/employees/{staff}",
        f"/sla/reports/employees/{staff}.csv",
        "/sla/reports/compliance.csv",
        "/sla/reports/review.csv",
        "/sla/reports/charts/trend.svg",
    ):
        assert _get(client, login, clerk, path).status_code == 403, path


def test_a_bad_filter_shows_the_form_with_the_message(company, client, login):
    answer = _get(client, login, company.users["admin"], "/sla/reports", month="2026-13")
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert 'id="month" name="month" value="2026-13"' in html
    assert "is-invalid" in html and "a month is written YYYY-MM" in html
    answer = _get(client, login, company.users["admin"], "/sla/reports/review", period="x")
    assert answer.status_code == 400 and "choose month, week or range" in answer.get_data(True)
    answer = _get(client, login, company.users["admin"], "/sla/reports/compliance.csv", by="x")
    assert answer.status_code == 400 and "by:" in answer.get_data(as_text=True)


def test_the_review_is_one_page_with_a_row_per_employee(company, client, login):
    html = _page(client, login, company.users["admin"], "/sla/reports/review", **PERIOD)
    staff = _row(html, "data-employee", str(company.users["staff"]))
    assert int(staff["clocks"]) == 9 and int(staff["breached"]) == 3
    assert (staff["incidents_minor"], staff["incidents_major"], staff["bonus_impact"]) == (
        "1",
        "1",
        "1",
    )
    assert "/sla/reports/review.csv?" in html


def test_the_review_defaults_to_last_month(company, client, login):
    html = _page(client, login, company.users["admin"], "/sla/reports/review")
    assert "From 01/10/2026 to 31/10/2026" in _text(html)


def test_the_employee_page(company, client, login):
    staff = company.users["staff"]
    html = _page(client, login, company.users["boss"], f"/sla/reports/employees/{staff}", **PERIOD)
    assert "Staff" in html and 'data-key="desk.request:Respond"' in html
    counts = dict(re.findall(r'data-figure="(\w+)">.*?fs-5 fw-semibold[^>]*>(\d+)<', html, re.S))
    assert counts["incidents_major"] == "1" and counts["bonus_impact"] == "1"
    assert "excused" in _text(html)


@pytest.mark.parametrize("name, series", [("trend", "Compliance (%)"), ("breaches", "Breached")])
def test_the_charts_are_svg_with_their_series(company, client, login, name, series):
    answer = _get(
        client, login, company.users["admin"], f"/sla/reports/charts/{name}.svg", **PERIOD
    )
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    root = ElementTree.fromstring(answer.get_data())
    assert root.tag == f"{SVG}svg"
    texts = {t.text for t in root.iter(f"{SVG}text") if t.text}
    assert series in texts
    assert "<script" not in answer.get_data(as_text=True)


def test_the_department_chart_names_the_departments_of_the_scope(company, client, login):
    answer = _get(
        client, login, company.users["boss"], "/sla/reports/charts/departments.svg", **PERIOD
    )
    root = ElementTree.fromstring(answer.get_data())
    texts = {t.text for t in root.iter(f"{SVG}text") if t.text}
    assert "Support" in texts and "Sales" not in texts


def _employee_page_of(app, user_id: int) -> str:
    model = app.extensions["nhip"].entities.get("hr.employee").model
    record = db.session.execute(db.select(model.id).where(model.user_id == user_id)).scalar_one()
    return f"/r/hr.employee/{record}"


def test_the_employee_page_of_hr_shows_the_month_for_report_readers(company, client, login, app):
    staff_page = _employee_page_of(app, company.users["staff"])
    html = _page(client, login, company.users["boss"], staff_page)
    assert "SLA this month" in html and 'id="sla-month"' in html
    panel = html[html.index('id="sla-month"') :]
    assert f"/sla/reports/employees/{company.users['staff']}" in panel
    assert 'id="sla-month"' not in _page(client, login, company.users["chief"], staff_page)
    assert 'id="sla-month"' not in _page(client, login, company.users["clerk"], staff_page)


def test_the_menu_offers_the_reports_to_those_who_may_read_them(company, client, login):
    assert "/sla/reports" in _page(client, login, company.users["boss"], "/")
    assert "/sla/reports" not in _page(client, login, company.users["clerk"], "/")


def test_the_pages_and_charts_in_vietnamese(company, client, login):
    compile_all()
    db.session.get(User, company.users["admin"]).language = "vi"
    db.session.commit()
    admin = company.users["admin"]
    text = _text(_page(client, login, admin, "/sla/reports", **PERIOD))
    assert "Tuân thủ SLA" in text and "Tỷ lệ đạt theo phòng ban" in text
    assert "Thời gian hoàn thành so với thời hạn" in text and "Đang trễ lúc này" in text
    review = _text(_page(client, login, admin, "/sla/reports/review", **PERIOD))
    assert "Đánh giá SLA hằng tháng" in review and "Ảnh hưởng đến thưởng" in review
    svg = _page(client, login, admin, "/sla/reports/charts/trend.svg", **PERIOD)
    assert "Tỷ lệ đạt theo tuần" in svg
    answer = _get(client, login, admin, "/sla/reports", month="2026-13")
    assert "tháng được viết theo dạng YYYY-MM" in answer.get_data(as_text=True)
