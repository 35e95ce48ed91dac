"""HR: an HR officer approves a submitted leave request from the leave requests list (the
page asks first: approving is final)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_hr_officer_approves_a_submitted_leave_request(visit):
    page = visit("head.hr@nhip.local", language="en")
    page.goto("/r/hr.leave_request/")
    expect(page.get_by_role("heading", name="Leave requests")).to_be_visible()
    page.get_by_label("State", exact=True).select_option(label="Submitted")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"[?&]state=submitted"))
    waiting = int(page.locator("#list-total").inner_text())
    assert waiting > 0, "the demo company has submitted leave requests"
    row = page.locator("table.nhip-table tbody tr").first
    expect(row.locator("[data-state]")).to_have_text("Submitted")
    employee = row.locator("td").first.inner_text().strip()

    row.locator("td").first.get_by_role("link").click()
    expect(page.locator("#record-state")).to_have_text("Submitted")
    expect(page.get_by_role("heading", level=1)).to_contain_text(employee)
    page.locator("#record-actions [data-transition=approved]").get_by_role("textbox").fill(
        "Enjoy your days off."
    )
    page.locator("#record-actions").get_by_role("button", name="Approve").click()
    question = page.locator("#confirm-move")  # approving is final: the page asks first
    expect(question).to_contain_text("can no longer be edited")
    expect(question.get_by_label("Note (optional)")).to_have_value("Enjoy your days off.")
    question.get_by_role("button", name="Approve").click()

    expect(page.locator("#record-state")).to_have_text("Approved")
    expect(page.locator("#chatter")).to_contain_text("Enjoy your days off.")
    expect(page.locator("#record-actions [data-transition=approved]")).to_have_count(0)

    page.goto("/r/hr.leave_request/?state=submitted")
    expect(page.locator("#list-total")).to_have_text(str(waiting - 1))
