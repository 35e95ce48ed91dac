"""The calendar pages: the form lists every problem at once beside its input (and keeps what was
typed), the SLA tabs stay on every calendar page with Calendars marked, and a calendar's page
shows its hours, the coming year's public holidays (Tết), make-up and company days in the
viewer's language, and the policies that use it."""

from __future__ import annotations

import html
import re

import pytest

from core.db import db
from plugins.sla.models import Calendar
from plugins.sla.tests.conftest import configure, desk_policy

#: two years of a full working week; more than ten years of Monday mornings
LONG = {"name": "Long", "start": ["created"], "stop": ["done"], "minutes": 250_000}
FULL_WEEK = {f"week_{d}": "08:00-12:00, 13:30-17:30" for d in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture
def admin(sla_app, client, make_user, login, clock_at):
    clock_at("2026-12-07T09:00")  # a Monday; Tết 2027 is on Saturday 6 February
    login(client, make_user("sla-admin@example.com", roles=["sla_admin", "desk_agent"]))
    return client


def _calendar(name: str) -> Calendar:
    return db.session.execute(db.select(Calendar).where(Calendar.name == name)).scalar_one()


def _problems_of(page: str) -> dict[str, str]:
    """The text shown beside each input, by input name."""
    found = re.findall(r'data-problems-of="(\w+)">(.*?)</div></div>', page, re.S)
    return {name: re.sub(r"<[^>]+>", " ", text) for name, text in found}


def test_every_problem_is_listed_at_once_beside_its_input(admin):
    typed = {
        "name": "",
        "timezone": "Mars/Olympus",
        "country": "XX",
        "week_mon": "08:00-12:00, 11:00-13:00",
        "week_tue": "8 to 5",
        "holidays": "2026-13-01\n2026-12-24",
        "workdays": "2026-12-24",
    }
    response = admin.post("/sla/calendars/new", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    beside = _problems_of(page)
    assert set(beside) == {
        "name",
        "timezone",
        "country",
        "week_mon",
        "week_tue",
        "holidays",
        "workdays",
    }
    assert "Give the calendar a name." in beside["name"]
    assert "Unknown time zone Mars/Olympus" in beside["timezone"]
    assert "XX is not a country" in beside["country"]
    assert "08:00-12:00 and 11:00-13:00 overlap." in beside["week_mon"]
    assert "8 to 5 is not an interval" in beside["week_tue"]
    assert "2026-13-01 is not a date YYYY-MM-DD." in beside["holidays"]
    assert "2026-12-24 is also a company day off." in beside["workdays"]
    summary = page[page.index('id="problems"') : page.index('<form method="post" class="card')]
    assert "nothing was saved" in summary
    for name in beside:
        assert f'href="#{name}"' in summary
    assert summary.count("<li>") == 7
    assert 'id="timezone" name="timezone" value="Mars/Olympus"' in page  # kept as typed
    assert 'aria-invalid="true" aria-describedby="week_tue-problems"' in page
    assert db.session.execute(db.select(Calendar)).first() is None


def test_a_week_without_hours_is_said_above_the_days(admin):
    page = admin.post("/sla/calendars/new", data={"name": "Closed"}).get_data(as_text=True)
    assert "Give working hours to at least one weekday." in _problems_of(page)["week"]
    assert 'href="#week_mon">Working hours</a>' in page


def test_a_name_another_calendar_has_is_said_beside_the_name(admin):
    configure()
    page = admin.post("/sla/calendars/new", data={"name": "24/7", **FULL_WEEK}).get_data(
        as_text=True
    )
    assert {k: v.strip() for k, v in _problems_of(page).items()} == {
        "name": "Another calendar is called 24/7."
    }


def test_a_goal_the_calendar_could_not_reach_is_listed_above(admin):
    configure(desk_policy(targets=[{**LONG}]))
    office = _calendar("VN office")
    answer = admin.post(
        f"/sla/calendars/{office.id}/edit",
        data={"name": "VN office", "week_mon": "08:00-12:00"},
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "nothing was saved" in page
    assert "policy 'Desk standard', target 'Long'" in html.unescape(page)
    assert _problems_of(page) == {}


def test_saving_goes_to_the_calendars_page(admin):
    answer = admin.post("/sla/calendars/new", data={"name": "Hanoi", "country": "vn", **FULL_WEEK})
    calendar = _calendar("Hanoi")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/sla/calendars/{calendar.id}"
    assert calendar.country == "VN"


@pytest.mark.parametrize("which", ["list", "new", "view", "edit", "edit-failed"])
def test_the_sla_tabs_stay_on_every_calendar_page_with_calendars_marked(admin, which):
    configure()
    office = _calendar("VN office").id
    answer = {
        "list": lambda: admin.get("/sla/calendars"),
        "new": lambda: admin.get("/sla/calendars/new"),
        "view": lambda: admin.get(f"/sla/calendars/{office}"),
        "edit": lambda: admin.get(f"/sla/calendars/{office}/edit"),
        "edit-failed": lambda: admin.post(f"/sla/calendars/{office}/edit", data={"name": ""}),
    }[which]()
    page = answer.get_data(as_text=True)
    tabs = page[page.index('id="sla-tabs"') : page.index("</ul>", page.index('id="sla-tabs"'))]
    for label in ("Tracking", "Policies", "Calendars", "Preview", "Import / export"):
        assert f">{label}</a>" in tabs
    (current,) = re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">', tabs)
    assert current == "/sla/calendars"


def test_a_calendars_page_shows_its_hours_and_the_policies_using_it(admin):
    configure(desk_policy())
    office = _calendar("VN office")
    page = admin.get(f"/sla/calendars/{office.id}").get_data(as_text=True)
    assert "Asia/Ho_Chi_Minh" in page
    assert re.search(r'data-weekday="mon">.*?08:00-12:00, 13:30-17:30', page, re.S)
    assert re.search(r'data-weekday="sun">.*?closed', page, re.S)
    assert 'data-policy="Desk standard"' in page
    always = admin.get(f"/sla/calendars/{_calendar('24/7').id}").get_data(as_text=True)
    assert "No policy uses this calendar." in always
    assert "No public holiday or company day in the coming 12 months." in always


def _coming(page: str) -> dict[str, tuple[str, str]]:
    """``{iso date: (kind, row text)}`` of the coming days' table."""
    rows = re.findall(r'<tr data-day="([\d-]+)" data-kind="(\w+)">(.*?)</tr>', page, re.S)
    return {
        day: (kind, html.unescape(" ".join(re.sub(r"<[^>]+>", " ", text).split())))
        for day, kind, text in rows
    }


def test_the_coming_year_lists_tet_the_company_days_and_nothing_past(admin):
    configure()
    office = _calendar("VN office")
    office.holidays = ["2026-12-24", "2026-12-01", "2028-01-03"]
    office.workdays = ["2027-01-01", "2027-02-20"]
    db.session.commit()
    coming = _coming(admin.get(f"/sla/calendars/{office.id}").get_data(as_text=True))
    assert coming["2027-02-06"] == (
        "public_holiday",
        "06/02/2027 Saturday Public holiday Lunar New Year",
    )
    assert coming["2026-12-24"] == ("company_day_off", "24/12/2026 Thursday Company day off")
    assert coming["2027-02-20"][0] == "company_workday"
    assert coming["2027-01-01"][0] == "company_workday"  # worked although New Year's Day
    assert "New Year's Day" in coming["2027-01-01"][1]
    assert "2027-09-02" in coming  # National Day
    assert "2026-12-01" not in coming and "2028-01-03" not in coming
    assert min(coming) >= "2026-12-07" and max(coming) < "2027-12-07"


def test_the_coming_year_reads_in_vietnamese(sla_app, client, make_user, login, clock_at):
    clock_at("2026-12-07T09:00")
    login(client, make_user("vi@example.com", roles=["sla_admin"], language="vi"))
    configure()
    office = _calendar("VN office")
    office.holidays = ["2026-12-24"]
    db.session.commit()
    page = client.get(f"/sla/calendars/{office.id}").get_data(as_text=True)
    coming = _coming(page)
    assert coming["2027-02-06"][1] == "06/02/2027 Thứ Bảy Ngày lễ Tết Nguyên Đán"
    assert coming["2026-12-24"][1] == "24/12/2026 Thứ Năm Ngày nghỉ của công ty"
    assert "12 tháng tới" in page
