"""What a person does in the navbar, on the login page and in the order form, shared by the
browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect


def sign_in(page: Page, email: str, password: str) -> None:
    """Fill the login form and land on the page behind it."""
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form input[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def open_menu(page: Page, label: str) -> Locator:
    """Open the navbar dropdown showing ``label``; return its (visible) menu."""
    toggle = page.locator("nav .dropdown-toggle", has_text=label).first
    toggle.click()
    menu = toggle.locator("xpath=following-sibling::*[contains(@class, 'dropdown-menu')]")
    expect(menu).to_be_visible()
    return menu


def menu_item(menu: Locator, text: str) -> Locator:
    """The item of an open menu whose visible text is exactly ``text``."""
    return menu.locator(".dropdown-item").get_by_text(text, exact=True)


def go_to(page: Page, section: str, item: str) -> None:
    """Follow the navbar: open ``section`` and click ``item``."""
    menu_item(open_menu(page, section), item).click()


def choose_language(page: Page, code: str) -> None:
    """Switch the language with the navbar menu unless the page already speaks it."""
    if page.locator("html").get_attribute("lang") == code:
        return
    menu = page.locator("li.dropdown", has=page.locator("form[action$='/language']"))
    menu.locator(".dropdown-toggle").click()
    menu.locator(f"button[name=language][value={code}]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def enter_draft(page: Page) -> str:
    """Enter a sales order of one line through the form, as the signed-in user, and return its
    page's address. (The demo's own drafts depend on the hour it was loaded: at the start of a
    working day there are none.)"""
    page.goto("/orders/sales/new")
    page.get_by_label("Customer", exact=True).select_option(index=1)
    line = page.locator("#order-lines tr.order-line").first
    line.locator("select").select_option(index=1)
    line.get_by_label("Quantity").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/r/orders\.sales_order/\d+$"))
    expect(page.locator("#record-state")).to_have_text("Draft")
    return page.url
