"""Dates read the same on every page in each language: an order's creation time is written
alike on the list and on its page, in English and in Vietnamese (day before month, 24-hour
clock), and the notifications page and the badges' hover text use the same style."""

from __future__ import annotations

import re

import pytest
from browser_helpers import go_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SALES = "sales1@nhip.local"
MENUS = {"en": ("Orders", "Sales orders"), "vi": ("Đơn hàng", "Đơn bán hàng")}
#: the one style: 27/11/2026 14:05
DATE_TIME = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b")
#: what must appear nowhere: two-digit years, month names, a 12-hour clock, ISO dates
FOREIGN = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{2}\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d"
    r"|thg \d|\d [AP]M\b|\b20\d\d-\d\d-\d\d\b"
)


def _first_order(page, language: str) -> tuple[str, str]:
    """The first order of the list: its page's address and its creation time as listed."""
    page.goto("/")
    go_to(page, *MENUS[language])
    row = page.locator("table.nhip-table tbody tr").first
    expect(row).to_be_visible()
    listed = DATE_TIME.search(row.inner_text())
    assert listed, row.inner_text()
    text = page.locator("main").inner_text()
    assert not FOREIGN.search(text), FOREIGN.search(text)
    for title in page.locator("td.nhip-badges .badge[title]:not(.nhip-folded)").evaluate_all(
        "badges => badges.map(b => b.title).filter(Boolean)"
    ):
        assert DATE_TIME.search(title) and not FOREIGN.search(title), title
    return row.locator("a").first.get_attribute("href"), listed.group(0)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_dates_read_the_same_on_list_record_and_notifications(visit, language):
    page = visit(SALES, language=language)
    href, listed = _first_order(page, language)

    page.goto(href)
    record = page.locator("main").inner_text()
    assert listed in record, (listed, record[:500])
    assert not FOREIGN.search(record), FOREIGN.search(record)

    page.goto("/notifications")
    times = page.locator("main time").all_inner_texts()
    assert times, "the demo salesperson has notifications"
    for text in times:
        assert DATE_TIME.fullmatch(text.strip()), text
    assert not FOREIGN.search(page.locator("main").inner_text())


def test_english_and_vietnamese_write_a_date_alike(visit):
    english = _first_order(visit(SALES, language="en"), "en")
    vietnamese = _first_order(visit(SALES, language="vi"), "vi")
    assert english == vietnamese
