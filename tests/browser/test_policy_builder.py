"""Settings → SLA → New policy: an admin who never types JSON builds a policy with a condition,
a target and a two-level escalation ladder by clicking, saves it as a draft, previews it,
publishes it and reads it in words on the policy page; on a phone the builder fits the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ADMIN = "admin@nhip.local"
PHONE = {"width": 390, "height": 844}
NAME = "Urgent tickets (built by clicking)"


def test_an_admin_builds_a_policy_by_clicking_drafts_previews_and_publishes_it(visit):
    page = visit(ADMIN, language="en")
    page.goto("/sla/policies/new")

    page.locator("#entity").select_option("crm.ticket")  # the form becomes the ticket template
    stop = page.locator("[data-ticks='t0.stop']")
    expect(stop.get_by_label("Resolved")).to_be_checked()
    expect(page.locator("[data-ticks='t0.start']").get_by_label("record created")).to_be_checked()
    page.locator("#name").fill(NAME)

    page.get_by_role("button", name="Add a condition").click()
    page.locator("#c0-field").select_option(label="Priority")
    expect(page.locator("#c0-op")).to_have_value("eq")
    page.locator("#c0-value").select_option(label="Urgent")

    page.locator("#t0-name").fill("First answer")
    page.locator("#t0-hours").fill("2")
    page.locator("#t0-mins").fill("30")

    page.get_by_role("button", name="Add a level").click()  # the template has one level
    level = page.locator("[data-level='t0.e1']")
    expect(level).to_be_visible()
    level.locator("input[name='t0.e1.at']").fill("150")
    level.get_by_label("the department head").check()

    page.locator("[data-save-draft]").click()
    expect(page.locator("[data-drafted]")).to_contain_text("Draft by")
    expect(page.locator("[data-draft-words] [data-conditions]")).to_have_text("Priority is Urgent")

    page.locator("[data-draft-actions]").get_by_role("link", name="Preview").click()
    expect(page.locator("[data-draft-preview]")).to_be_visible()
    page.get_by_role("link", name="Back to the draft").click()

    page.locator("[data-publish]").click()
    version = page.locator("[data-version='1']")
    expect(version.locator("[data-conditions]")).to_have_text("Priority is Urgent")
    target = version.locator("[data-target='First answer']")
    expect(target).to_contain_text("2h 30m")
    expect(target).to_contain_text("Resolved")
    expect(target).to_contain_text("150 %")
    expect(page.locator("[data-draft-banner]")).to_have_count(0)


def test_the_builder_fits_a_phone(visit):
    page = visit(ADMIN, language="vi")
    page.set_viewport_size(PHONE)
    page.goto("/sla/policies/new?entity=orders.sales_order")
    page.get_by_role("button", name="Thêm điều kiện").click()
    expect(page.locator("[data-condition='0']")).to_be_visible()
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the builder scrolls sideways on a phone: {width}"
    save = page.locator("[data-save-draft]")
    save.scroll_into_view_if_needed()
    box = save.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
