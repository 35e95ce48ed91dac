"""SLA dates read like every other date, in English and in Vietnamese: day before month and a
24-hour clock on the badge's hover text, the record page's SLA panel, the report's period and
the employee report's incidents table."""

from __future__ import annotations

import re

import pytest

from core.db import db
from core.models import User
from core.translations_build import compile_all
from plugins.sla.tests.conftest import configure, desk_policy
from plugins.sla.tests.helpers import new_request
from plugins.sla.tests.report_support import NOW, PERIOD, build_company, craft

#: month/day forms of Babel's defaults, which must appear nowhere: "11/5/26", "Nov 5, 2026"
#: (AM/PM after a time only: a page's random CSRF token may hold "2AM." too)
FOREIGN = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2}\b|\b[A-Z][a-z]{2} \d{1,2}, 20\d\d|thg \d|\d:\d\d(:\d\d)?\s?[AP]M\b"
)


def _speak(user_id: int, language: str) -> None:
    db.session.get(User, user_id).language = language
    db.session.commit()


@pytest.mark.parametrize("language", ["en", "vi"])
def test_badge_tooltips_and_the_panel_give_day_month_year(
    sla_app, client, make_user, login, clock_at, language
):
    compile_all()
    configure(desk_policy())
    boss = make_user("boss@example.com", roles=["admin"], language=language)
    clock_at("2026-12-07T09:00")
    request = new_request()
    clock_at("2026-12-07T09:10")
    login(client, boss)
    listing = client.get("/r/desk.request/").get_data(as_text=True)
    record = client.get(f"/r/desk.request/{request.id}").get_data(as_text=True)
    for page in (listing, record):
        assert re.search(r'title="[^"]*07/12/2026 10:00 \(Asia/Ho_Chi_Minh\)"', page)
        assert re.search(r'title="[^"]*07/12/2026 14:30 \(Asia/Ho_Chi_Minh\)"', page)
        assert not FOREIGN.search(page), FOREIGN.search(page)
    due = {"en": "due 07/12/2026 14:30", "vi": "hạn 07/12/2026 14:30"}[language]
    assert due in record  # the SLA panel's line of the Resolve target


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_reports_give_periods_and_incidents_day_month_year(
    sla_app, client, make_user, login, clock_at, language
):
    compile_all()
    clock_at(NOW)
    company = build_company(make_user)
    craft(company)
    for name in ("admin", "boss"):
        _speak(company.users[name], language)
    staff = company.users["staff"]
    login(client, company.users["admin"])
    report = client.get("/sla/reports", query_string=PERIOD).get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", report))
    assert "01/11/2026" in text and "30/11/2026" in text
    assert not FOREIGN.search(text), FOREIGN.search(text)
    login(client, company.users["boss"])
    employee = client.get(f"/sla/reports/employees/{staff}", query_string=PERIOD)
    page = employee.get_data(as_text=True)
    assert "05/11/2026 12:00" in page and "06/11/2026 12:00" in page
    assert not FOREIGN.search(page), FOREIGN.search(page)
