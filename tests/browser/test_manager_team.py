"""A manager finds their team's breaches from the home page: the card "Your team's
deadlines" lists the people they manage with their late records, and each number opens the
list of exactly those records (filtered on the person and the SLA status)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SALES_HEAD = "head.sales@nhip.local"


def _card(page):
    card = page.locator("section[data-source=sla]", has_text="Your team's deadlines")
    expect(card).to_be_visible()
    return card


def test_a_manager_opens_a_team_members_late_records_from_the_home_page(visit):
    page = visit(SALES_HEAD, language="en")
    page.goto("/")
    card = _card(page)
    links = card.locator("[data-scope=person] a[data-status]")
    assert links.count() > 0, "the demo day has late orders in the sales team"
    link = card.locator("[data-scope=person] a[data-status=breached]").first
    if card.locator("[data-scope=person] a[data-status=breached]").count() == 0:
        link = links.first
    status = link.get_attribute("data-status")
    number = int(re.match(r"\d+", link.inner_text().strip())[0])
    person = link.locator("xpath=ancestor::li[@data-group]").get_attribute("data-group")

    link.click()
    expect(page).to_have_url(re.compile(rf"[?&]responsible={person}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]sla={status}(&|$)"))
    expect(page.locator("#list-total")).to_have_text(str(number))
    rows = page.locator("table.nhip-table tbody tr")
    word = "breached" if status == "breached" else "at risk"
    for index in range(min(rows.count(), 10)):
        expect(rows.nth(index).locator("[data-badges], .nhip-badges").first).to_contain_text(word)
    # the filter form shows the person picked, by name
    expect(page.get_by_label("Responsible", exact=True)).to_have_value(person)


def test_the_team_card_in_vietnamese(visit):
    page = visit(SALES_HEAD, language="vi")
    page.goto("/")
    card = page.locator("section[data-source=sla]", has_text="Hạn xử lý của nhóm bạn")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Hàng việc của phòng bạn")
    assert "records" not in card.inner_text()
