"""A salesperson's day in the browser: SLA badges on the orders list, the breached filter, and a
new order with two lines through the custom order form."""

from __future__ import annotations

import re

import pytest
from browser_helpers import go_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SALES = "sales1@nhip.local"
DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"SO-\d{4}-\d{5}")


def open_sales_orders(page, menu: str, item: str) -> None:
    """Reach the sales orders list through the navbar, as a person would."""
    page.goto("/")
    go_to(page, menu, item)
    expect(page.locator("table.nhip-table")).to_be_visible()


def test_a_salesperson_sees_sla_badges_and_the_deadline_on_hover(visit):
    page = visit(SALES, language="vi")
    open_sales_orders(page, "Đơn hàng", "Đơn bán hàng")

    badges = page.locator("td.nhip-badges .badge")
    expect(badges.first).to_be_visible()
    texts = badges.all_inner_texts()
    assert any(re.search(r"còn|trễ|đạt", text) for text in texts), texts

    running = page.locator("td.nhip-badges .badge", has_text=re.compile("còn|trễ")).first
    running.hover()
    title = running.get_attribute("title") or ""
    assert DATE.search(title), f"the badge {running.inner_text()!r} shows no deadline: {title!r}"


def test_the_sales_orders_list_filters_to_breached(visit):
    page = visit(SALES, language="en")
    open_sales_orders(page, "Orders", "Sales orders")
    everything = int(page.locator("#list-total").inner_text())

    page.get_by_label("SLA target", exact=True).select_option(label="Breached")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"sla=breached"))
    breached = int(page.locator("#list-total").inner_text())
    assert 0 < breached < everything
    rows = page.locator("table.nhip-table tbody tr")
    expect(rows.first).to_be_visible()
    for row_badges in rows.locator("td.nhip-badges").all_inner_texts():
        assert "breached" in row_badges, row_badges


def option_label(select, text: str) -> str:
    """The label of the first option of ``select`` containing ``text``."""
    labels = select.locator("option").all_inner_texts()
    return next(label for label in labels if text in label)


def test_a_salesperson_creates_an_order_with_two_lines_and_confirms_it(visit):
    page = visit(SALES, language="en")
    page.goto("/")
    go_to(page, "Orders", "New sales order")
    expect(page.get_by_role("heading", name="New sales order")).to_be_visible()

    customer = page.get_by_label("Customer", exact=True)
    customer.select_option(index=1)
    page.get_by_label("Priority").select_option(label="Express")
    lines = page.locator("#order-lines tr.order-line")
    blank_rows = lines.count()
    page.get_by_role("button", name="Add line").click()
    expect(lines).to_have_count(blank_rows + 1)

    first, added = lines.first, lines.last
    product = first.locator("select")
    product.select_option(label=option_label(product, "(GAO-ST25-5)"))
    first.get_by_label("Quantity").fill("2")
    product = added.locator("select")
    product.select_option(label=option_label(product, "(NM-NAMNGU-750)"))
    added.get_by_label("Quantity").fill("3")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/r/orders\.sales_order/\d+$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(NUMBER)
    number = NUMBER.search(heading.inner_text()).group()
    expect(page.locator("#record-state")).to_have_text("Draft")
    line_rows = page.locator("[data-child] tbody tr")
    expect(line_rows).to_have_count(2)
    expect(line_rows.nth(0)).to_contain_text("GAO-ST25-5")
    expect(line_rows.nth(1)).to_contain_text("NM-NAMNGU-750")

    page.locator("#record-actions").get_by_role("button", name="Confirm").click()

    expect(page.locator("#record-state")).to_have_text("Confirmed")
    expect(heading).to_contain_text(number)
    panel = page.locator("section[data-source=sla]")
    expect(panel).to_be_visible()
    targets = panel.locator("[data-target]")
    expect(targets.first).to_be_visible()
    assert targets.count() >= 2, panel.inner_text()
    expect(panel).to_contain_text("working time used")
    expect(panel.locator(".badge", has_text=re.compile(r": met$"))).to_have_count(1)
    expect(panel.locator(".badge", has_text=re.compile(r"left|at risk"))).not_to_have_count(0)
    expect(page.locator("#record-badges .badge").first).to_be_visible()
