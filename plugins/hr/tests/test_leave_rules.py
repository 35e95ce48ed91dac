"""The pure leave rules: counting working days and who may decide or file."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugins.hr.leave import (
    Decider,
    count_working_days,
    date_problems,
    decision_refusal,
    filing_refusal,
)

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("first", "last", "days"),
    [
        (MONDAY, MONDAY, 1),
        (MONDAY, MONDAY + timedelta(days=4), 5),
        (MONDAY, MONDAY + timedelta(days=6), 5),  # Monday to Sunday
        (MONDAY + timedelta(days=4), MONDAY + timedelta(days=7), 2),  # Friday to Monday
        (MONDAY + timedelta(days=5), MONDAY + timedelta(days=6), 0),  # a weekend
        (MONDAY, MONDAY + timedelta(days=13), 10),
        (MONDAY, MONDAY - timedelta(days=1), 0),
    ],
)
def test_working_days_count_monday_to_friday_both_ends_included(first, last, days):
    assert count_working_days(first, last) == days


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 400))
def test_working_days_match_counting_day_by_day(first, length):
    last = first + timedelta(days=length)
    by_day = sum(1 for n in range(length + 1) if (first + timedelta(days=n)).weekday() < 5)
    assert count_working_days(first, last) == by_day


def test_a_last_day_before_the_first_is_refused():
    assert date_problems(MONDAY, MONDAY - timedelta(days=1)) == {
        "last_day": "must be on or after the first day"
    }


def test_a_period_of_weekend_days_only_is_refused():
    saturday = MONDAY + timedelta(days=5)
    assert "last_day" in date_problems(saturday, saturday + timedelta(days=1))


def test_a_sound_period_has_no_problem():
    assert date_problems(MONDAY, MONDAY + timedelta(days=2)) == {}


MANAGER, EMPLOYEE, OTHER = 10, 20, 30


def decider(user_id, can_approve=True, officer=False):
    return Decider(user_id=user_id, can_approve=can_approve, is_officer=officer)


def test_the_direct_manager_with_hr_approve_may_decide():
    assert decision_refusal(decider(MANAGER), EMPLOYEE, MANAGER) is None


def test_an_hr_officer_may_decide_anyones_request():
    assert decision_refusal(decider(OTHER, officer=True), EMPLOYEE, MANAGER) is None


def test_a_colleague_may_not_decide():
    assert "direct manager" in decision_refusal(decider(OTHER), EMPLOYEE, MANAGER)


def test_nobody_decides_their_own_request_not_even_an_officer():
    refusal = decision_refusal(decider(EMPLOYEE, officer=True), EMPLOYEE, EMPLOYEE)
    assert "their own" in refusal


def test_the_manager_needs_hr_approve():
    assert "hr.approve" in decision_refusal(decider(MANAGER, can_approve=False), EMPLOYEE, MANAGER)


def test_a_decision_needs_a_person():
    assert decision_refusal(decider(None), EMPLOYEE, MANAGER) is not None


def test_a_manager_without_login_leaves_the_decision_to_hr_officers():
    assert decision_refusal(decider(MANAGER), EMPLOYEE, None) is not None
    assert decision_refusal(decider(OTHER, officer=True), EMPLOYEE, None) is None


def test_filing_is_for_the_employee_an_officer_or_the_system():
    assert filing_refusal(EMPLOYEE, EMPLOYEE, False) is None
    assert filing_refusal(OTHER, EMPLOYEE, True) is None
    assert filing_refusal(None, EMPLOYEE, False) is None
    assert filing_refusal(OTHER, EMPLOYEE, False) is not None
    assert filing_refusal(MANAGER, None, False) is not None
