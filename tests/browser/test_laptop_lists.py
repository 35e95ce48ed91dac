"""On a small laptop or a tablet held sideways (1024 px), a list keeps each record's state and
SLA badges in view next to its number, and the page itself never scrolls sideways (the other
columns scroll inside the table); the warehouse queue keeps every column, its next-step
buttons included, without scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1024, "height": 768}
LISTS = [
    ("head.sales@nhip.local", "/r/orders.sales_order/"),
    ("support1@nhip.local", "/r/crm.ticket/"),
]


def in_view(scope, selector: str) -> bool:
    """Whether the first ``selector`` inside ``scope`` lies wholly within the window's width."""
    box = scope.locator(selector).first.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize(("email", "path"), LISTS)
def test_a_lists_state_and_badges_are_in_view_on_a_1024_px_screen(visit, email, path, language):
    page = visit(email, language=language)
    page.set_viewport_size(LAPTOP)
    page.goto(path)
    rows = page.locator("table.nhip-list tbody tr")
    expect(rows.first).to_be_visible()
    badges = rows.locator("td[data-cell=badges] .badge")
    expect(badges.first).to_be_visible()
    for row in rows.all()[:5]:
        assert in_view(row, "td[data-cell=state]"), row.inner_text()
        for badge in row.locator("td[data-cell=badges] .badge").all():
            box = badge.bounding_box()
            assert box and box["x"] + box["width"] <= LAPTOP["width"], badge.inner_text()
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_warehouse_queues_next_steps_are_in_view_on_a_1024_px_screen(visit, language):
    page = visit("head.warehouse@nhip.local", language=language)
    page.set_viewport_size(LAPTOP)
    page.goto("/orders/warehouse")
    rows = page.locator("#warehouse-queue tbody tr")
    expect(rows.first).to_be_visible()
    steps = 0
    for row in rows.all()[:6]:
        assert in_view(row, ".wq-sla"), row.inner_text()
        if row.locator(".wq-next button").count():
            assert in_view(row, ".wq-next button"), row.inner_text()
            steps += 1
    assert steps, "no order of the queue offers a next step"
    scroller = page.evaluate(
        "(() => { const s = document.querySelector('#warehouse-queue').parentElement;"
        " return [s.scrollWidth, s.clientWidth]; })()"
    )
    assert scroller[0] <= scroller[1], f"the queue scrolls sideways: {scroller}"
