"""Settings → SLA tracking: an admin switches tracking off for a record type, then on again."""

from __future__ import annotations

import pytest
from browser_helpers import go_to
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def lead_badges(page) -> list[str]:
    """The badges a person sees on the first page of the leads list."""
    page.goto("/r/crm.lead/")
    expect(page.locator("table.nhip-table")).to_be_visible()
    return [t for t in page.locator("td.nhip-badges").all_inner_texts() if t.strip()]


def test_an_admin_switches_tracking_off_for_leads_and_on_again(visit):
    page = visit("admin@nhip.local", language="en")
    assert lead_badges(page), "the demo tracks leads: their list shows SLA badges"

    go_to(page, "Settings", "SLA tracking")
    leads = page.locator("[data-entity='crm.lead']")
    expect(leads.locator(".badge")).to_have_text("On")

    leads.get_by_role("button", name="Switch off").click()
    confirm = page.locator(".sla-confirm")
    expect(confirm).to_contain_text("cancelled now")
    confirm.get_by_role("button", name="Switch off").click()

    leads = page.locator("[data-entity='crm.lead']")
    expect(leads.locator(".badge")).to_have_text("Off")
    expect(leads.get_by_role("button", name="Switch on")).to_be_visible()
    expect(page.locator("[data-entity='crm.ticket'] .badge")).to_have_text("On")
    assert lead_badges(page) == [], "a type that is off shows no badges"

    page.goto("/sla/")
    page.locator("[data-entity='crm.lead']").get_by_role("button", name="Switch on").click()

    leads = page.locator("[data-entity='crm.lead']")
    expect(leads.locator(".badge")).to_have_text("On")
    expect(leads.get_by_role("button", name="Switch off")).to_be_visible()
    assert lead_badges(page), "switched on again, the leads show their badges"
