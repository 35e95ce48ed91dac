"""On a phone (390 × 844): the lists show each record's number, state and badges on the first
screen, the filters fold behind their button, a record's next step is in view without
scrolling, and no page scrolls sideways."""

from __future__ import annotations

import re

import pytest
from browser_helpers import enter_draft
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SALES = "sales1@nhip.local"
NUMBER = re.compile(r"SO-\d{4}-\d{5}")
SALES_ORDERS = "/r/orders.sales_order/"


def on_phone(page: Page) -> Page:
    """The page, resized to a phone held upright."""
    page.set_viewport_size(PHONE)
    return page


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways: {width}"


def in_first_screen(box: dict | None) -> bool:
    """Whether an element's box lies wholly inside the first phone screen."""
    return (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= PHONE["width"]
        and box["y"] >= 0
        and box["y"] + box["height"] <= PHONE["height"]
    )


def first_screen_rows(page: Page) -> list:
    """The list's rows that start on the first screen."""
    rows = page.locator("table.nhip-list tbody tr")
    expect(rows.first).to_be_visible()
    return [row for row in rows.all() if (row.bounding_box() or {"y": 1e9})["y"] < PHONE["height"]]


def test_a_salesperson_on_a_phone_sees_each_orders_number_state_and_badge(visit):
    page = on_phone(visit(SALES, language="en"))
    page.goto(SALES_ORDERS)

    filters = page.locator("#list-filters")
    expect(filters).to_be_hidden()
    rows = first_screen_rows(page)
    assert len(rows) >= 3, "fewer than three orders on the first screen"
    with_badges = 0
    for row in rows[:-1]:  # the last row may be cut by the bottom of the screen
        number = row.locator("td[data-cell=key] a")
        assert NUMBER.fullmatch(number.inner_text()), number.inner_text()
        assert in_first_screen(number.bounding_box())
        state = row.locator("td[data-cell=state] [data-state]")
        assert in_first_screen(state.bounding_box()), row.inner_text()
        badges = row.locator("td[data-cell=badges] .badge")
        for badge in badges.all():
            assert in_first_screen(badge.bounding_box()), badge.inner_text()
        with_badges += badges.count() > 0
        expect(row.locator("td[data-cell=more]").first).to_be_hidden()
    assert with_badges >= len(rows[:-1]) / 2, "most orders on the first screen show no badge"
    assert_no_sideways_scroll(page)

    page.locator("#list-filters-fold > summary").click()
    expect(filters).to_be_visible()
    expect(filters.get_by_label("State", exact=True)).to_be_visible()
    assert_no_sideways_scroll(page)


def test_an_orders_next_step_is_in_view_without_scrolling(visit):
    page = on_phone(visit(SALES, language="en"))
    page.goto(enter_draft(page))
    expect(page.locator("#record-state")).to_be_visible()

    move = page.locator("#record-actions button").first
    expect(move).to_be_visible()
    assert page.evaluate("window.scrollY") == 0
    assert in_first_screen(move.bounding_box()), "the next step is below the first screen"
    history = page.locator("#chatter").bounding_box()
    actions = page.locator("#record-actions").bounding_box()
    assert actions and history and actions["y"] < history["y"]
    for panel in page.locator(".nhip-record-side > :not(#record-actions)").all():
        box = panel.bounding_box()
        assert box is None or box["y"] > history["y"], "a side panel comes before the history"
    assert_no_sideways_scroll(page)


def test_the_warehouse_queue_on_a_phone_keeps_each_orders_step_in_view(visit):
    page = on_phone(visit("warehouse1@nhip.local", language="vi"))
    page.goto("/orders/warehouse")
    rows = page.locator("#warehouse-queue tbody tr")
    expect(rows.first).to_be_visible()
    first = rows.first
    assert in_first_screen(first.locator(".wq-number").bounding_box())
    assert in_first_screen(first.locator("[data-state]").bounding_box())
    expect(first.locator(".wq-next button")).to_be_visible()
    assert_no_sideways_scroll(page)


def test_a_ticket_list_on_a_phone_shows_subject_state_and_badges(visit):
    page = on_phone(visit("support1@nhip.local", language="vi"))
    page.goto("/crm/my-tickets")
    expect(page.locator("#list-filters")).to_be_hidden()
    rows = first_screen_rows(page)
    for row in rows[:-1] or rows:
        assert row.locator("td[data-cell=key] a").inner_text().strip()
        assert in_first_screen(row.locator("td[data-cell=state] [data-state]").bounding_box())
    badges = page.locator("table.nhip-list td[data-cell=badges] .badge")
    expect(badges.first).to_be_visible()
    assert in_first_screen(badges.first.bounding_box())
    assert_no_sideways_scroll(page)
