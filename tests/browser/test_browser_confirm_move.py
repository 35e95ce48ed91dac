"""The head of sales cancels a draft order from its page: the page asks first and says which running
SLA clocks the cancellation ends; keeping it as it is changes nothing, confirming cancels it."""

from __future__ import annotations

import re

import pytest
from browser_helpers import enter_draft
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_cancelling_an_order_asks_first_and_says_what_happens_to_its_clocks(visit):
    page = visit("head.sales@nhip.local", language="en")  # may change every order
    record_url = enter_draft(page)

    page.locator("#record-actions").get_by_role("button", name="Cancel").click()
    question = page.locator("#confirm-move")
    expect(question).to_contain_text("will be cancelled and can no longer be edited")
    expect(question.locator("#move-consequences")).to_contain_text(
        re.compile(r"running SLA clocks? will be cancelled: ")
    )
    question.get_by_role("link", name="Keep it as it is").click()
    expect(page).to_have_url(record_url)
    expect(page.locator("#record-state")).to_have_text("Draft")

    page.locator("#record-actions [data-transition=cancelled]").get_by_role("textbox").fill(
        "Customer called it off"
    )
    page.locator("#record-actions").get_by_role("button", name="Cancel").click()
    page.locator("#confirm-move").get_by_role("button", name="Cancel").click()
    expect(page.locator("#record-state")).to_have_text("Cancelled")
    expect(page.locator("#chatter")).to_contain_text("Customer called it off")
