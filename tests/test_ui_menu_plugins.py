"""The main menu with the bundled plugins: their sections come first, in the plugins' load
order, in every language (the plugins' catalogs translate the section names)."""

import re

from core.translations_build import compile_all


def _sections(html: bytes) -> list[str]:
    page = html.decode()
    nav = page[page.index("<nav") : page.index("</nav>")]
    return re.findall(r'data-bs-toggle="dropdown" aria-expanded="false">([^<]+)</a>', nav)


def test_plugin_sections_come_first_in_load_order_in_english(app, client, make_user, login):
    login(client, make_user("boss@x.vn", roles=["admin"]))
    assert app.extensions["nhip"].live.order[:3] == ["crm", "hr", "orders"]
    assert _sections(client.get("/").data) == ["CRM", "HR", "Orders", "SLA", "Settings"]


def test_plugin_sections_come_first_in_load_order_in_vietnamese(app, client, make_user, login):
    compile_all()  # the plugins' catalogs name the sections
    login(client, make_user("sep@x.vn", roles=["admin"], language="vi"))
    # by name, "Cài đặt" and "Đơn hàng" would come first
    assert _sections(client.get("/").data) == [
        "Khách hàng",
        "Nhân sự",
        "Đơn hàng",
        "SLA",
        "Cài đặt",
    ]
