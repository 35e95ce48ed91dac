"""One date style per language: day before month (27/11/2026) and a 24-hour clock in Vietnamese
and in Nhịp's English (English as written in Vietnam), on lists, record pages, flashes and the
notifications page, and in the helpers of core.ui.dates that they all go through."""

# ruff: noqa: F811  (tests take the HR organisation fixture imported below)

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from flask_babel import force_locale

from core.db import db
from core.models import User
from core.translations_build import compile_all
from core.ui.dates import date_text, datetime_text, moment_text, time_text, weekday_time_text
from plugins.hr.tests.conftest import MONDAY, file_leave, org  # noqa: F401  (the HR fixture)

#: Babel's month/day forms, which must appear nowhere: "12/7/26", "Dec 7, 2026", "7 thg 12",
#: "9:00 AM" (AM/PM after a time: a page's random CSRF token may hold "2AM." too)
FOREIGN = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2}\b|\b[A-Z][a-z]{2} \d{1,2}, 20\d\d|thg \d|\d:\d\d(:\d\d)?\s?[AP]M\b"
)
LANGUAGES = ("en", "vi")


def _speak(app, user_id: int, language: str) -> None:
    with app.app_context():
        db.session.get(User, user_id).language = language
        db.session.commit()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_helpers_write_day_before_month_and_a_24_hour_clock(app, language):
    compile_all()
    moment = datetime(2026, 11, 27, 7, 5, tzinfo=UTC)  # 14:05 in Hồ Chí Minh City
    with time_machine.travel(datetime(2026, 12, 1, 3, 0, tzinfo=UTC), tick=False):
        with app.test_request_context(), force_locale(language):
            assert date_text(date(2026, 11, 27)) == "27/11/2026"
            assert date_text(moment) == "27/11/2026"
            assert datetime_text(moment) == "27/11/2026 14:05"
            assert time_text(moment) == "14:05"
            assert date_text(moment, short=True) == "27/11"  # this year: no year
            assert date_text(date(2025, 11, 27), short=True) == "27/11/2025"
            assert datetime_text(moment, short=True) == "27/11 14:05"
            assert moment_text(moment) == "14:05 27/11"
            assert moment_text(datetime(2026, 12, 1, 1, 0, tzinfo=UTC)) == "08:00"
            assert datetime_text(moment, zone="UTC") == "27/11/2026 07:05"
            assert date_text(None) == datetime_text(None) == ""


def test_weekday_names_follow_the_language(app):
    monday = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # Monday 08:00 in Vietnam
    compile_all()
    with app.test_request_context():
        with force_locale("en"):
            assert weekday_time_text(monday) == "Mon 08:00"
        with force_locale("vi"):
            assert weekday_time_text(monday) == "T2 08:00"
            assert weekday_time_text(monday + timedelta(days=6)) == "CN 08:00"


@pytest.mark.parametrize("language", LANGUAGES)
def test_leave_days_read_the_same_on_the_list_and_the_record_page(
    app,
    client,
    login,
    org,
    language,
):
    leave = file_leave(app, org, "staff", MONDAY, MONDAY + timedelta(days=1))
    _speak(app, org.users["officer"], language)
    login(client, org.users["officer"])
    listing = client.get("/r/hr.leave_request/").get_data(as_text=True)
    record = client.get(f"/r/hr.leave_request/{leave}").get_data(as_text=True)
    for page in (listing, record):
        assert "07/12/2026" in page
        assert "08/12/2026" in page
        assert not FOREIGN.search(page), FOREIGN.search(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_flash_gives_its_days_in_the_same_style(app, client, login, org, language):
    file_leave(app, org, "staff", MONDAY, MONDAY + timedelta(days=2), to=("submitted",))
    second = file_leave(app, org, "staff", MONDAY + timedelta(days=2), MONDAY + timedelta(days=3))
    _speak(app, org.users["staff"], language)
    login(client, org.users["staff"])
    response = client.post(
        f"/r/hr.leave_request/{second}/transition",
        data={"to": "submitted", "from": "draft"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "(07/12/2026 " in page and " 09/12/2026)" in page, page
    assert not FOREIGN.search(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_notifications_and_the_history_give_date_and_time(app, client, login, org, language):
    from core.notifications import notify

    with time_machine.travel(datetime(2026, 12, 7, 2, 30, tzinfo=UTC), tick=False):
        leave = file_leave(app, org, "staff", MONDAY)
        with app.app_context():
            notify(
                [org.users["staff"]],
                "Your leave",
                body="Filed",
                entity="hr.leave_request",
                record_id=leave,
            )
            db.session.commit()
    _speak(app, org.users["staff"], language)
    login(client, org.users["staff"])
    notes = client.get("/notifications").get_data(as_text=True)
    record = client.get(f"/r/hr.leave_request/{leave}").get_data(as_text=True)
    for page in (notes, record):
        assert "07/12/2026 09:30" in page
        assert not FOREIGN.search(page)


def test_the_profile_says_how_dates_read(app, client, make_user, login):
    compile_all()
    login(client, make_user("mai@example.com", language="vi"))
    page = client.get("/profile").get_data(as_text=True)
    assert "Ngày được viết ngày trước tháng ở cả hai ngôn ngữ: 27/11/2026, 14:05." in page
