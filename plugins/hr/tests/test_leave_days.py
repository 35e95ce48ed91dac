"""Leave working days leave out public holidays and company days off: the calendar facts SLA
uses, asked through the ``working_days`` hook (HR imports no SLA); Monday to Friday without."""

from __future__ import annotations

from datetime import date

import pytest

from core import records
from core.db import db
from core.errors import ValidationError
from plugins.hr.models import LeaveRequest
from plugins.hr.tests.conftest import file_leave

WEEK = ["08:00-12:00", "13:30-17:30"]
OFFICE = {
    "name": "VN office",
    "timezone": "Asia/Ho_Chi_Minh",
    "country": "VN",
    "week": {d: WEEK for d in ("mon", "tue", "wed", "thu", "fri")},
    "holidays": ["2027-02-12"],  # the company's own day off after Tết
}
ALWAYS = {
    "name": "24/7",
    "timezone": "Asia/Ho_Chi_Minh",
    "week": {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}
LEAVE_POLICY = {
    "name": "Leave decisions",
    "entity": "hr.leave_request",
    "calendar": "VN office",
    "targets": [
        {
            "name": "Decide",
            "start": ["submitted"],
            "stop": ["approved", "rejected"],
            "cancel": ["cancelled"],
            "minutes": 960,
        }
    ],
}
#: Tết 2027: Thursday 4 to Wednesday 10 February are public holidays
TET_FIRST, TET_LAST = date(2027, 2, 1), date(2027, 2, 12)


def days_of(app, leave_id: int) -> int:
    with app.app_context():
        return db.session.get(LeaveRequest, leave_id).working_days


@pytest.mark.nhip_plugins("hr")
def test_without_sla_leave_counts_monday_to_friday(app, org):
    leave = file_leave(app, org, "staff", TET_FIRST, TET_LAST)
    assert days_of(app, leave) == 10


@pytest.mark.nhip_plugins("hr", "sla")
def test_with_sla_and_no_calendar_leave_counts_monday_to_friday(app, org):
    assert days_of(app, file_leave(app, org, "staff", TET_FIRST, TET_LAST)) == 10


@pytest.mark.nhip_plugins("hr", "sla")
def test_leave_across_tet_leaves_out_the_holidays_and_the_company_day_off(app, org, sla_load):
    sla_load({"calendars": [OFFICE]})
    # Mon 1 .. Fri 12 Feb: 10 weekdays, less Tết (4, 5, 8, 9, 10) and the company's 12th
    assert days_of(app, file_leave(app, org, "staff", TET_FIRST, TET_LAST)) == 4
    # a period made only of holidays and a weekend holds no working day
    with app.app_context(), pytest.raises(ValidationError) as refused:
        records.create(
            "hr.leave_request",
            {"employee_id": org.employees["peer"], "first_day": date(2027, 2, 4)}
            | {"last_day": date(2027, 2, 10)},
            org.users["peer"],
        )
    assert "no working day" in refused.value.fields["last_day"]


@pytest.mark.nhip_plugins("hr", "sla")
def test_the_calendar_of_the_leave_policies_wins_over_the_first_one(app, org, sla_load):
    sla_load({"calendars": [ALWAYS, OFFICE]})
    # no leave policy: the first calendar (24/7) counts every day of the period
    assert days_of(app, file_leave(app, org, "staff", TET_FIRST, TET_LAST)) == 12
    sla_load({"calendars": [ALWAYS, OFFICE], "policies": [LEAVE_POLICY]})
    assert days_of(app, file_leave(app, org, "peer", TET_FIRST, TET_LAST)) == 4


@pytest.mark.nhip_plugins("hr", "sla")
def test_hook_working_days(app, org, sla_load):
    """The hook's answer: the working dates, make-up days included, weekends left out."""
    sla_load({"calendars": [OFFICE]})
    with app.app_context():
        host = app.extensions["nhip"]
        entity = records.entity_type("hr.leave_request")
        days = host.hook.working_days(
            first=date(2027, 2, 1), last=date(2027, 2, 7), user_id=None, entity=entity
        )
    assert days == [date(2027, 2, 1), date(2027, 2, 2), date(2027, 2, 3)]
