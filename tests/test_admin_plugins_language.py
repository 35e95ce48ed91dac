"""The plugins page in Vietnamese: each bundled plugin's label and description are translated
by the plugin's own catalog (manifests hold plain English text)."""

from __future__ import annotations

from core.translations_build import compile_all


def test_plugin_descriptions_are_in_vietnamese(app, client, make_user, login):
    compile_all()
    login(client, make_user("admin@example.com", roles=["admin"], language="vi"))
    page = client.get("/admin/plugins").get_data(as_text=True)
    assert "Khách hàng, khách hàng tiềm năng và phiếu hỗ trợ." in page
    assert "Phòng ban, nhân viên (chuỗi quản lý) và đơn xin nghỉ phép." in page
    assert "Đơn bán hàng với xử lý kho, đơn mua hàng và tồn kho." in page
    assert "Hạn xử lý theo giờ làm việc" in page
    assert "Customers, leads and support tickets." not in page
    assert ">Nhân sự<" in page  # the label too


def test_plugin_descriptions_stay_english_for_an_english_reader(app, client, make_user, login):
    login(client, make_user("admin@example.com", roles=["admin"]))
    page = client.get("/admin/plugins").get_data(as_text=True)
    assert "Customers, leads and support tickets." in page
