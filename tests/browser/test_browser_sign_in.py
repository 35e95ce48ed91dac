"""Signing in and out in the browser, with the demo admin's credentials."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ADMIN = "admin@nhip.local"


def test_the_admin_signs_in_with_the_demo_credentials(visit, nhip_server):
    page = visit()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_text("Sign in to continue")).to_be_visible()

    page.get_by_label("E-mail").fill(ADMIN)
    page.get_by_label("Password").fill(nhip_server.password(ADMIN))
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(nhip_server.url + "/")
    # the dashboard greets the admin by name (in the admin's own language)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quản trị viên")
    expect(page.locator("nav.navbar")).to_contain_text("Quản trị viên")


def test_a_wrong_password_shows_an_error_and_keeps_the_form(visit):
    page = visit()
    page.goto("/login")
    page.get_by_label("E-mail").fill(ADMIN)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_have_text(re.compile("Wrong e-mail or password"))
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_label("E-mail")).to_have_value(ADMIN)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_signing_out_returns_to_the_login_page(visit):
    page = visit(ADMIN)
    page.locator("nav .dropdown-toggle", has_text="Quản trị viên").click()
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_text("Sign in to continue")).to_be_visible()
    page.goto("/orders/warehouse")  # the session is gone: pages ask to sign in again
    expect(page).to_have_url(re.compile(r"/login\?next="))
