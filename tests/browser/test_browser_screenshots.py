"""Every main page opens without a server error for an admin and a salesperson, in English
and Vietnamese; with ``NHIP_SCREENSHOTS`` set to a folder outside the repository, the walk also
takes full-page screenshots for a person to look at, e.g.
``NHIP_SCREENSHOTS=/tmp/nhip-shots .venv/bin/python -m pytest tests/browser -k main_pages``.
Files are named ``<user>-<language>-<page>.png``; a page the user may not see (403) is
photographed too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "orders": "/r/orders.sales_order/",
    "order": "/r/orders.sales_order/1",
    "order-new": "/orders/sales/new",
    "warehouse": "/orders/warehouse",
    "products": "/r/orders.product/",
    "purchases": "/r/orders.purchase_order/",
    "customers": "/r/crm.customer/",
    "leads": "/r/crm.lead/",
    "lead": "/r/crm.lead/1",
    "tickets": "/r/crm.ticket/",
    "ticket": "/r/crm.ticket/1",
    "ticket-new": "/r/crm.ticket/new",
    "my-tickets": "/crm/my-tickets",
    "employees": "/r/hr.employee/",
    "departments": "/hr/departments",
    "org-chart": "/hr/org-chart",
    "leave-requests": "/r/hr.leave_request/",
    "leave-request": "/r/hr.leave_request/1",
    "my-leave": "/hr/leave",
    "leave-to-decide": "/hr/leave/decide",
    "sla": "/sla/",
    "sla-policies": "/sla/policies",
    "sla-policy": "/sla/policies/1",
    "sla-calendars": "/sla/calendars",
    "sla-calendar": "/sla/calendars/1",
    "sla-preview": "/sla/preview?entity=orders.sales_order&record_id=1",
    "sla-config": "/sla/config",
    "plugins": "/admin/plugins",
    "users": "/admin/users",
    "notifications": "/notifications",
    "profile": "/profile",
    "not-found": "/r/orders.sales_order/999999",
}
PEOPLE = ["admin@nhip.local", "sales1@nhip.local"]


@pytest.mark.parametrize("language", ["en", "vi"])
@pytest.mark.parametrize("email", PEOPLE)
def test_the_main_pages_open_without_server_errors(visit, email, language):
    target = os.environ.get("NHIP_SCREENSHOTS")
    folder = Path(target) if target else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    who = email.split("@")[0]
    if folder and email == PEOPLE[0] and language == "en":
        login = visit()
        login.goto("/login")
        login.screenshot(path=folder / "login.png", full_page=True)
    page = visit(email, language=language)
    broken = {}
    for name, url in PAGES.items():
        response = page.goto(url)
        if folder:
            page.screenshot(path=folder / f"{who}-{language}-{name}.png", full_page=True)
        if response is None or response.status >= 500:
            broken[url] = response.status if response else "no answer"
    assert not broken, f"server errors: {broken}"
