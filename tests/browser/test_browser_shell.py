"""The navbar: the modules' menus by role, and the language switch."""

from __future__ import annotations

import pytest
from browser_helpers import menu_item, open_menu
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_navbar_shows_each_modules_items_to_the_admin(visit):
    page = visit("admin@nhip.local")
    expected = {
        "CRM": ["Customers", "Leads", "Tickets"],
        "HR": ["Employees", "Leave requests", "Org chart"],
        "Orders": ["Sales orders", "New sales order", "Warehouse queue", "Products"],
        "Settings": ["Plugins", "Users", "SLA tracking"],
    }
    for section, items in expected.items():
        menu = open_menu(page, section)
        for item in items:
            expect(menu_item(menu, item)).to_be_visible()
        page.keyboard.press("Escape")

    menu_item(open_menu(page, "Orders"), "Warehouse queue").click()
    expect(page.get_by_role("heading", name="Warehouse queue")).to_be_visible()


def test_a_salesperson_sees_no_settings_menu(visit):
    page = visit("sales1@nhip.local")
    nav = page.locator("nav .navbar-nav").first
    expect(nav).to_contain_text("Orders")
    expect(nav).not_to_contain_text("Settings")
    menu = open_menu(page, "Orders")
    expect(menu_item(menu, "Sales orders")).to_be_visible()
    expect(menu_item(menu, "Warehouse queue")).to_have_count(0)


def test_the_language_switch_turns_the_pages_vietnamese_and_back(visit):
    page = visit("admin@nhip.local", language="en")
    page.goto("/r/orders.sales_order/")
    expect(page.get_by_role("heading", name="Sales orders")).to_be_visible()
    list_url = page.url

    open_menu(page, "English").get_by_role("button", name="Tiếng Việt").click()

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_url(list_url)  # the same page, now in Vietnamese
    expect(page.get_by_role("heading", name="Đơn bán hàng")).to_be_visible()
    expect(page.locator("nav.navbar")).to_contain_text("Đơn hàng")
    expect(open_menu(page, "Quản trị viên").get_by_text("Đăng xuất")).to_be_visible()
    page.keyboard.press("Escape")

    open_menu(page, "Tiếng Việt").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sales orders")).to_be_visible()
    expect(open_menu(page, "Quản trị viên").get_by_text("Sign out")).to_be_visible()
