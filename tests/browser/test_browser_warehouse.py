"""The warehouse queue: a warehouse user moves an order one step with the one-click button."""

from __future__ import annotations

import re

import pytest
from browser_helpers import go_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_warehouse_user_moves_an_order_one_step(visit):
    page = visit("warehouse1@nhip.local", language="en")
    page.goto("/")
    go_to(page, "Orders", "Warehouse queue")
    expect(page.get_by_role("heading", name="Warehouse queue")).to_be_visible()

    page.get_by_role("link", name="Confirmed", exact=True).click()
    expect(page).to_have_url(re.compile(r"state=confirmed"))
    rows = page.locator("#warehouse-queue tbody tr")
    expect(rows.first).to_be_visible()
    waiting = rows.count()
    row = rows.first
    number = row.get_attribute("data-order")
    expect(row.locator("[data-state]")).to_have_text("Confirmed")
    sla = row.locator(".badge", has_text=re.compile("left|breached|at risk"))
    expect(sla.first).to_be_visible()

    row.get_by_role("button", name="Start picking").click()

    expect(page.get_by_role("alert").filter(has_text=number)).to_contain_text("Picking")
    expect(page.locator(f"#warehouse-queue tr[data-order='{number}']")).to_have_count(0)
    expect(rows).to_have_count(waiting - 1)

    page.get_by_role("link", name="Picking", exact=True).click()
    moved = page.locator(f"#warehouse-queue tr[data-order='{number}']")
    expect(moved.locator("[data-state]")).to_have_text("Picking")
    expect(moved.get_by_role("button", name="Mark packed")).to_be_visible()
