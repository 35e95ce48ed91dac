"""The pages work under the Content-Security-Policy: walking every page the menus and the pages
link to, as the administrator, Chromium reports no violation (no inline script, no on*
attribute, no resource the policy refuses) and no script error; the behaviour moved to static
files (the warehouse sort's auto-submit) still works."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAX_PAGES = 60
SKIP = ("/logout", "/language", "/api/", "/health", ".json", "/export")


def watch(page) -> list[str]:
    """Console errors and CSP violations of ``page`` from now on."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/"):
            continue
        if any(part in href for part in SKIP):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def test_the_pages_break_no_content_security_policy(visit, nhip_server):
    page = visit("admin@nhip.local")
    problems = watch(page)
    seen: set[str] = set()
    queue = ["/", "/profile", "/notifications"]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(url)
        assert response is not None and response.status < 500, f"{url}: {response.status}"
        assert "script-src 'self'" in response.headers.get("content-security-policy", "")
        queue.extend(links(page, nhip_server.url))
    assert len(seen) >= 20, sorted(seen)
    assert problems == []


def test_the_warehouse_sort_still_submits_itself(visit):
    page = visit("admin@nhip.local")
    problems = watch(page)
    page.goto("/orders/warehouse")
    select = page.locator("select[name=sort]")
    options = select.locator("option").evaluate_all("els => els.map(e => e.value)")
    other = next(value for value in options if value != select.input_value())
    select.select_option(other)
    expect(page).to_have_url(re.compile(rf"[?&]sort={re.escape(other)}(&|$)"))
    assert problems == []
