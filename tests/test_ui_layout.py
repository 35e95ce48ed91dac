"""How list pages lay out in a real browser: Debian's Chromium renders the shell's pages,
served straight from the test client (no server, no network: every request goes to the
application or fails the test).

The browser is the session's (``core.testing_browser``): a missing ``/usr/bin/chromium`` skips
these tests with the reason, or fails them under ``CI=true``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from ui_support import new_customer, new_ticket, ui_app  # noqa: F401

pytestmark = pytest.mark.browser

ORIGIN = "http://127.0.0.1"

#: the widest option text against the room the select gives its text (padding and arrow off)
SORT_FIT = """() => {
  const select = document.querySelector('#f-sort');
  const style = getComputedStyle(select);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const widest = Math.max(...[...select.options].map(o => context.measureText(o.text).width));
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {widest, room};
}"""


@pytest.fixture
def browse(chromium, client):
    """``browse(path, width)``: a page showing ``path`` as the test client's user sees it."""
    contexts = []
    strays: list[str] = []

    def serve(route) -> None:
        request = route.request
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            strays.append(request.url)
            route.abort()
            return
        answer = client.open(
            parts.path + (f"?{parts.query}" if parts.query else ""),
            method=request.method,
            data=request.post_data_buffer,
            headers={"Content-Type": request.headers.get("content-type", "")},
        )
        route.fulfill(status=answer.status_code, headers=dict(answer.headers), body=answer.data)

    def open_page(path: str, width: int = 1280):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        context.route("**/*", serve)
        page = context.new_page()
        page.goto(ORIGIN + path)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert strays == []


def test_sort_choices_are_readable_in_vietnamese(app, browse, make_user, login, client):
    new_ticket(app)
    login(client, make_user("lan@x.vn", roles=["uitest_agent"], language="vi"))
    for width in (1280, 992, 768):
        fit = browse("/r/uitest.ticket/", width).evaluate(SORT_FIT)
        assert fit["widest"] <= fit["room"], (width, fit)


def test_record_numbers_stay_on_one_line_in_a_narrow_window(app, browse, make_user, login, client):
    acme = new_customer(app, "Công ty Cổ phần Thương mại Dịch vụ Sài Gòn")
    ticket = new_ticket(app, subject="SO-2026-00030", customer_id=acme, priority="high")
    login(client, make_user("lan@x.vn", roles=["uitest_agent"]))
    page = browse("/r/uitest.ticket/", 420)
    link = page.locator(f'tr[data-record="{ticket}"] td a').first
    assert link.inner_text() == "SO-2026-00030"
    lines = link.evaluate("a => a.getClientRects().length")
    assert lines == 1
